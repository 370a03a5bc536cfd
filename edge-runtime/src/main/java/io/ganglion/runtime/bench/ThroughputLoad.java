package io.ganglion.runtime.bench;

/**
 * What a throughput benchmark sends: the same for the raw component and for the gateway.
 *
 * @param qos      0 or 1
 * @param messages per round
 * @param devices  publishing devices, one MQTT client each
 * @param rounds   raw and gateway alternate this many times; medians are reported
 */
record ThroughputLoad(BenchOptions options, int qos, long messages, int devices, int rounds) {
}
