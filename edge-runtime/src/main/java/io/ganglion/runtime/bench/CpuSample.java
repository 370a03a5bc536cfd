package io.ganglion.runtime.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, by one of its threads, by each PostgreSQL process on this machine, and by the
 * machine as a whole; two samples give the shares of a phase. For benchmarks whose database runs on the same cores.
 */
record CpuSample(long nanos, long processCpu, long threadCpu, Map<Long, Long> postgresCpu, long machineBusy,
                 long machineIdle) {
    /** Linux clock ticks (USER_HZ) in /proc. */
    private static final long TICK_NANOS = 10_000_000L;

    static CpuSample take(Thread thread) throws IOException {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long threadCpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
        long[] machine = CpuAccount.machineTicks();
        return new CpuSample(System.nanoTime(), process, threadCpu, postgresProcesses(), machine[0], machine[1]);
    }

    /** utime + stime of every process named {@code postgres}, by pid. */
    private static Map<Long, Long> postgresProcesses() throws IOException {
        Map<Long, Long> cpu = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    if (!stat.contains("(postgres)")) {
                        continue;
                    }
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.put(Long.parseLong(dir.getFileName().toString()),
                            (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS);
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return cpu;
    }

    double seconds(CpuSample before) {
        return (nanos - before.nanos) / 1e9;
    }

    /** Cores' worth of CPU used by the JVM apart from the sampled thread. */
    double processCores(CpuSample before) {
        return ((processCpu - before.processCpu) - (threadCpu - before.threadCpu)) / 1e9 / seconds(before);
    }

    double threadCores(CpuSample before) {
        return (threadCpu - before.threadCpu) / 1e9 / seconds(before);
    }

    /** Cores' worth used by PostgreSQL's processes, apart from {@code others} (other applications' sessions). */
    double postgresCores(CpuSample before, Set<Long> others) {
        long used = 0;
        for (Map.Entry<Long, Long> entry : postgresCpu.entrySet()) {
            if (!others.contains(entry.getKey())) {
                used += entry.getValue() - before.postgresCpu.getOrDefault(entry.getKey(), 0L);
            }
        }
        return used / 1e9 / seconds(before);
    }

    double machineBusyPercent(CpuSample before) {
        long busy = machineBusy - before.machineBusy;
        long all = busy + machineIdle - before.machineIdle;
        return all == 0 ? 0 : 100.0 * busy / all;
    }
}
