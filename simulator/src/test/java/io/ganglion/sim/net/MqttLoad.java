package io.ganglion.sim.net;

import com.sun.management.OperatingSystemMXBean;
import io.ganglion.sim.TestScenarios;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.run.Progress;
import io.ganglion.sim.run.RunResult;
import io.ganglion.sim.run.Runner;
import io.ganglion.drivers.testing.MosquittoBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;

/**
 * The load: 10,000 MQTT devices at one message a second each (10,000 messages/s in all, QoS 1) to a private
 * Mosquitto for 60 s, in real time. Prints the progress every 5 s, then the rates, the simulator's CPU and heap and
 * the broker's CPU. Not a test: run it on a quiet machine after {@code mvn -pl simulator -am test-compile}:
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat cp.txt) io.ganglion.sim.net.MqttLoad [devices] [seconds] [qos]
 * </pre>
 * where cp.txt is from {@code mvn -q -pl simulator dependency:build-classpath -Dmdep.outputFile=cp.txt}. A fourth
 * argument {@code HOST:PORT} sends to that MQTT endpoint (a running gateway's, say) instead of a private Mosquitto;
 * the broker's CPU is then not reported.
 */
public final class MqttLoad {
    private MqttLoad() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int qos = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // Device times from now: a gateway refuses readings older than its ingest.maxPastAge.
        Plan plan = Plan.of(TestScenarios.load("name: load\nseed: 5\ndevices:\n"
                + "  - {id: node, count: " + devices + ", profile: noise-level-meter, firmware: 1.1.0, interval: 1s,"
                + " jitter: 0.1, mqtt: {qos: " + qos + "}}\n"), java.time.Instant.now());
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] maxHeap = new long[1];
        long[] liveHeap = new long[1];
        String external = args.length > 3 ? args[3] : null;
        try (MosquittoBroker broker = external == null ? MosquittoBroker.builder().start() : null) {
            String host = external == null ? "127.0.0.1" : external.substring(0, external.lastIndexOf(':'));
            int port = external == null ? broker.port()
                    : Integer.parseInt(external.substring(external.lastIndexOf(':') + 1));
            Duration brokerCpu0 = broker == null ? Duration.ZERO
                    : broker.process().info().totalCpuDuration().orElse(Duration.ZERO);
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            RunResult result = Runner.builder(plan).mqtt(MqttSettings.of(host, port))
                    .runFor(Duration.ofSeconds(seconds)).drainTimeout(Duration.ofSeconds(30))
                    .progressEvery(Duration.ofSeconds(5), (Progress p) -> {
                        long heap = memory.getHeapMemoryUsage().getUsed();
                        maxHeap[0] = Math.max(maxHeap[0], heap);
                        if (liveHeap[0] == 0 && p.elapsed().toSeconds() >= seconds / 2) {
                            System.gc(); // what every device connected and sending really holds
                            liveHeap[0] = memory.getHeapMemoryUsage().getUsed();
                        }
                        System.out.printf(Locale.ROOT, "%s; heap %,d MiB%n", p.describe(), heap >> 20);
                    }).build().run();
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            Duration brokerCpu = broker == null ? Duration.ZERO
                    : broker.process().info().totalCpuDuration().orElse(Duration.ZERO).minus(brokerCpu0);
            System.gc();
            System.out.printf(Locale.ROOT, "%,d devices, %d s, QoS %d: %,d connects (%,d failed), %,d sent (%,.0f/s over"
                            + " %.1f s wall), %,d acknowledged, %,d failed, %,d dropped, %,d delayed, %,d unsettled%n",
                    devices, seconds, qos, result.totals().connects(), result.totals().connectFailures(),
                    result.totals().sent(), result.totals().sent() / (double) seconds, wall,
                    result.totals().acknowledged(), result.totals().failed(), result.totals().dropped(),
                    result.totals().delayed(), result.unsettled());
            System.out.printf(Locale.ROOT, "simulator CPU %.1f s = %.2f cores (%d available); heap max seen %,d MiB, "
                            + "live mid-run (after a GC) %,d MiB; broker CPU %.1f s = %.2f cores%n", cpu, cpu / wall,
                    os.getAvailableProcessors(), maxHeap[0] >> 20, liveHeap[0] >> 20,
                    brokerCpu.toMillis() / 1000.0, brokerCpu.toMillis() / 1000.0 / wall);
        }
    }
}
