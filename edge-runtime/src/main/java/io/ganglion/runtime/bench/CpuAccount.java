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
 * is GC, JIT and the like) and of the broker process, and optionally of every process of another program on the
 * machine (PostgreSQL, say). The profile behind a throughput figure.
 */
final class CpuAccount {
    /** Thread-name prefixes and the role they play; the first that matches wins. */
    private static final Map<String, String> ROLES = roles();

    private static Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("ganglion-store-writer", "store writer");
        roles.put("ganglion-store-checkpointer", "WAL checkpointer");
        roles.put("ganglion-outbox", "sync outbox (SQLite)");
        roles.put("ganglion-sync", "sync feed (window summaries)");
        roles.put("ganglion-api", "API queries");
        // the gateway's and, in the sync benchmarks, the cloud endpoint's: uplink, HTTP both ways, PostgreSQL client
        roles.put("vert.x-eventloop-thread", "Vert.x event loops");
        roles.put("vert.x-worker-thread", "Vert.x workers (batch encode/decode)");
        // the benchmark's own devices, when they publish from this JVM (client ids bench-device-N)
        roles.put("MQTT Rec: bench-device", "benchmark publishers (Paho)");
        roles.put("MQTT Snd: bench-device", "benchmark publishers (Paho)");
        roles.put("MQTT Call: bench-device", "benchmark publishers (Paho)");
        // every other Paho client in the JVM is the gateway's subscriber
        roles.put("MQTT Rec: ", "MQTT receive (Paho)");
        roles.put("MQTT Call: ", "decode + offer (Paho callback)");
        roles.put("MQTT Snd: ", "MQTT send acks (Paho)");
        return roles;
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long brokerPid;
    private final String program;
    private final Map<String, Long> startByRole;
    private final long startProcess;
    private final long startBroker;
    private final long[] startMachine;
    private final long startProgram;
    private final long startNanos = System.nanoTime();
    private double othersCores = Double.NaN;

    CpuAccount(long brokerPid) throws IOException {
        this(brokerPid, null);
    }

    /** @param program also account the processes with this command name (as in /proc/PID/comm), or null */
    CpuAccount(long brokerPid, String program) throws IOException {
        this.brokerPid = brokerPid;
        this.program = program;
        this.startProgram = programCpuNanos();
        this.startByRole = byRole();
        this.startProcess = processCpuNanos();
        this.startBroker = brokerCpuNanos();
        this.startMachine = machineTicks();
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
        long broker = brokerCpuNanos() - startBroker;
        out.append(String.format(java.util.Locale.ROOT, " rest of the JVM (GC, JIT, timers) %.0f; broker %.0f",
                (process - roles) * per, broker * per));
        long programUsed = programCpuNanos() - startProgram;
        if (program != null) {
            out.append(String.format(java.util.Locale.ROOT, "; %s %.0f", program, programUsed * per));
        }
        long[] machine = machineTicks();
        long busy = machine[0] - startMachine[0];
        long all = busy + machine[1] - startMachine[1];
        // The machine is shared: what the rest of it took is the noise under this phase's figures.
        long others = Math.max(0, busy * 10_000_000L - process - broker - programUsed);
        othersCores = (double) others / (System.nanoTime() - startNanos);
        out.append(String.format(java.util.Locale.ROOT, "; everything else on the machine %.0f (%.2f cores); the"
                + " machine's CPUs were %.0f %% busy", others * per, othersCores, all == 0 ? 0 : 100.0 * busy / all));
        return out.toString();
    }

    /** CPUs' worth that everything else on the machine used, as of the last {@link #report}; NaN before. */
    double othersCores() {
        return othersCores;
    }

    /**
     * Busy and idle clock ticks of all CPUs since boot, from the first line of /proc/stat: whether the machine had
     * any CPU left, which decides whether a latency tail is queueing for a core or something in the gateway.
     */
    static long[] machineTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
            long ticks = Long.parseLong(f[i]);
            if (i == 4 || i == 5) {
                idle += ticks;
            } else {
                busy += ticks;
            }
        }
        return new long[] {busy, idle};
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
                    break;
                }
            }
        }
        return byRole;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long brokerCpuNanos() throws IOException {
        return cpuNanos(Path.of("/proc", Long.toString(brokerPid)));
    }

    /** Processes that ended since the start are not counted: a connection pool's server processes live on. */
    private long programCpuNanos() throws IOException {
        if (program == null) {
            return 0;
        }
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    if (Files.readString(proc.resolve("comm")).trim().equals(program)) {
                        sum += cpuNanos(proc);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return sum;
    }

    /** utime + stime of a process from /proc, in nanoseconds (clock ticks of 10 ms on Linux). */
    private static long cpuNanos(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L;
    }
}
