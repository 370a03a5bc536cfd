package io.ganglion.runtime.bench;

/** Where the benchmark finds the raw components it compares against. */
record BenchOptions(String mosquitto, String mosquittoSub) {
}
