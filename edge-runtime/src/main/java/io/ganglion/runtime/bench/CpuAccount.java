package io.ganglion.runtime.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU went during a benchmark phase: CPU time of the gateway's threads by role, of the whole JVM (the rest
 * is GC, JIT and the like) and of the broker process. The profile behind a throughput figure.
 */
final class CpuAccount {
    /** Thread-name prefixes and the role they play. */
    private static final Map<String, String> ROLES = Map.of(
            "ganglion-store-writer", "store writer",
            "ganglion-store-checkpointer", "WAL checkpointer",
            "MQTT Rec: gateway", "MQTT receive (Paho)",
            "MQTT Call: gateway", "decode + offer (Paho callback)",
            "MQTT Snd: gateway", "MQTT send acks (Paho)");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long brokerPid;
    private final Map<String, Long> startByRole;
    private final long startProcess;
    private final long startBroker;

    CpuAccount(long brokerPid) throws IOException {
        this.brokerPid = brokerPid;
        this.startByRole = byRole();
        this.startProcess = processCpuNanos();
        this.startBroker = brokerCpuNanos();
    }

    /** A line per role: milliseconds of CPU per 100,000 messages. */
    String report(long messages) throws IOException {
        Map<String, Long> end = byRole();
        double per = 100_000.0 / messages / 1e6;
        StringBuilder out = new StringBuilder("  CPU ms per 100k messages:");
        long roles = 0;
        for (Map.Entry<String, Long> entry : end.entrySet()) {
            long used = entry.getValue() - startByRole.getOrDefault(entry.getKey(), 0L);
            roles += used;
            out.append(String.format(java.util.Locale.ROOT, " %s %.0f,", entry.getKey(), used * per));
        }
        long process = processCpuNanos() - startProcess;
        out.append(String.format(java.util.Locale.ROOT, " rest of the JVM (GC, JIT, timers) %.0f; broker %.0f",
                (process - roles) * per, (brokerCpuNanos() - startBroker) * per));
        return out.toString();
    }

    /** Threads that ended since the start are not counted; the gateway's threads live through the phase. */
    private Map<String, Long> byRole() {
        Map<String, Long> byRole = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            for (Map.Entry<String, String> role : ROLES.entrySet()) {
                if (info.getThreadName().startsWith(role.getKey())) {
                    long cpu = threads.getThreadCpuTime(info.getThreadId());
                    if (cpu > 0) {
                        byRole.merge(role.getValue(), cpu, Long::sum);
                    }
                }
            }
        }
        return byRole;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of the broker from /proc, in nanoseconds (clock ticks of 10 ms on Linux). */
    private long brokerCpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(brokerPid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }
}
