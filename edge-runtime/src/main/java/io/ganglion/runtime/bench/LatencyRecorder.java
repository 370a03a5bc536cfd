package io.ganglion.runtime.bench;

import io.ganglion.profiles.Reading;
import java.util.Arrays;
import java.util.List;

/**
 * Publish-to-committed latency of every benchmark message, read back from its {@code sent_us} metric (microseconds
 * on the publisher's monotonic clock since {@link #epochNanos}) when the store has committed it. Messages published
 * in the first {@code warmupSeconds} after {@link #publishingStarts} are not counted; the worst latency of every
 * second of publishing is kept, warm-up included, to show when a tail happened.
 *
 * <p>{@link #committed} runs on the store's single writer thread; read the results once the gateway has closed.
 */
final class LatencyRecorder {
    private final long epochNanos = System.nanoTime();
    private final long warmupMicros;
    private final int warmupSeconds;
    private final int seconds;
    private final long[] latencies;
    /** When each measured message was published, microseconds since the epoch, in the order of {@link #latencies}. */
    private final long[] published;
    private final long[] worstBySecond; // by publish second, the last slot for anything later
    private volatile long publishStartMicros = Long.MAX_VALUE;
    private volatile int count;

    LatencyRecorder(int rate, int seconds, int warmupSeconds) {
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
        this.warmupMicros = warmupSeconds * 1_000_000L;
        this.latencies = new long[rate * seconds];
        this.published = new long[rate * seconds];
        this.worstBySecond = new long[seconds + warmupSeconds + 1];
    }

    /** The publisher's clock origin: give it to {@link BenchPublisher}. */
    long epochNanos() {
        return epochNanos;
    }

    /**
     * Publishing starts now. Message times count from the epoch, but publishing starts only once broker and gateway
     * are up (seconds later): warm-up and the per-second table count from here.
     */
    void publishingStarts() {
        publishStartMicros = (System.nanoTime() - epochNanos) / 1_000;
    }

    /** A store commit listener: keep it cheap. */
    void committed(List<Reading> readings) {
        long now = (System.nanoTime() - epochNanos) / 1_000;
        long start = publishStartMicros;
        for (Reading r : readings) {
            if (!r.metric().equals("sent_us")) {
                continue;
            }
            long sent = (long) r.value() - start;
            if (sent < 0) {
                continue;
            }
            long latency = now - (long) r.value();
            int second = (int) Math.min(worstBySecond.length - 1, sent / 1_000_000);
            worstBySecond[second] = Math.max(worstBySecond[second], latency);
            int n = count;
            if (sent >= warmupMicros && n < latencies.length) {
                latencies[n] = latency;
                published[n] = (long) r.value();
                count = n + 1;
            }
        }
    }

    /** The measured latencies in microseconds, sorted. */
    long[] sorted() {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The measured latencies of messages published before {@code nanoTime} (System.nanoTime), sorted. */
    long[] sortedPublishedBefore(long nanoTime) {
        long cutoff = (nanoTime - epochNanos) / 1_000;
        int n = count;
        long[] before = new long[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (published[i] < cutoff) {
                before[kept++] = latencies[i];
            }
        }
        long[] sorted = Arrays.copyOf(before, kept);
        Arrays.sort(sorted);
        return sorted;
    }

    String worstPerSecond() {
        StringBuilder worst = new StringBuilder("  worst latency per second, warm-up | measured (ms):");
        for (int second = 0; second < warmupSeconds + seconds; second++) {
            worst.append(second == warmupSeconds ? " |" : "").append(' ').append(worstBySecond[second] / 1_000);
        }
        return worst.toString();
    }
}
