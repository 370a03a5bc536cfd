package io.ganglion.runtime.bench;

import io.ganglion.runtime.config.StoreConfig;

/**
 * Where the benchmark finds the raw components it compares against, and the store durability the gateway runs with.
 */
record BenchOptions(String mosquitto, String mosquittoSub, StoreConfig.SyncMode synchronous) {
}
