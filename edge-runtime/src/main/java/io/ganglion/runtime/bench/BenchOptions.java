package io.ganglion.runtime.bench;

import io.ganglion.runtime.config.StoreConfig;

/**
 * Where the benchmark finds the raw components it compares against, and the store settings the gateway runs with
 * ({@code batchMaxDelay} null for the default).
 */
record BenchOptions(String mosquitto, String mosquittoSub, StoreConfig.SyncMode synchronous,
                    java.time.Duration batchMaxDelay) {
}
