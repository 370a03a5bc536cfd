package io.ganglion.sim;

import io.ganglion.sim.plan.EventStream;
import io.ganglion.sim.plan.Message;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.plan.SimEvent;
import io.ganglion.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How fast a plan makes messages on one thread, for 10,000 devices at one message a second each (10,000 messages per
 * simulated second, the target), JSON, SenML, CBOR and binary profiles mixed, a few faults on. Not a test:
 * run it on a quiet machine after {@code mvn -pl simulator -am test-compile}:
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat cp.txt) io.ganglion.sim.GenerationThroughput
 * </pre>
 * where cp.txt is from {@code mvn -q -pl simulator dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class GenerationThroughput {
    static final String FLEET = "name: ten-thousand\nseed: 7\n"
            + "devices:\n"
            + "  - {id: noise, count: 4000, profile: noise-level-meter, firmware: 1.1.0, interval: 1s,"
            + " faults: {duplicate: 0.001, outOfOrder: 0.001}}\n"
            + "  - {id: air, count: 2000, profile: airq-senml-json, firmware: 1.3.0, transport: coap, interval: 1s,"
            + " faults: {malformed: 0.001}}\n"
            + "  - {id: vib, count: 2000, profile: motor-vibration-cbor, firmware: 3.2.0, interval: 1s,"
            + " faults: {outOfRange: 0.001}}\n"
            + "  - {id: meter, count: 2000, profile: energy-meter-modbus, firmware: 1.4.0, interval: 1s}\n";

    private GenerationThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long simulatedSeconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
        Plan plan = Plan.of(new ScenarioLoader().loadText(FLEET, Path.of("ten-thousand.yaml"), null),
                Instant.parse("2026-03-02T06:00:00Z"));
        for (int round = 0; round < 3; round++) {
            EventStream events = plan.events();
            long until = plan.start() + simulatedSeconds * 1000;
            long messages = 0;
            long bytes = 0;
            long began = System.nanoTime();
            while (events.peekTime() < until) {
                SimEvent event = events.next();
                if (event instanceof Message message) {
                    messages++;
                    bytes += message.payload().length;
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("round %d: %,d messages (%,d payload bytes) for %d simulated s in %.2f s: %,.0f"
                            + " messages/s, %.1fx real time; heap used %,d MiB%n", round, messages, bytes,
                    simulatedSeconds, seconds, messages / seconds, simulatedSeconds / seconds,
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20);
        }
    }
}
