package io.ganglion.sim.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A progress report of a run, made every {@link Runner.Builder#progressEvery} and once at the end.
 *
 * @param elapsed       wall time since the run started
 * @param simulatedTime the simulated time the run has reached
 * @param totals        the counts so far
 * @param sentPerSecond messages sent per second since the previous report
 * @param ackedPerSecond messages acknowledged per second since the previous report
 * @param pending       messages queued, in flight or awaiting a confirmation now
 * @param lagMillis     how late the runner handed out the last event (0 when on time)
 */
public record Progress(Duration elapsed, Instant simulatedTime, RunStats.Snapshot totals, double sentPerSecond,
                       double ackedPerSecond, long pending, long lagMillis) {

    /** One line for a log, e.g. {@code 60 s: 600,000 sent (10,000/s), 599,990 acknowledged (10,000/s), ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d s (simulated %s): %,d sent (%,.0f/s), %,d acknowledged (%,.0f/s), "
                        + "%,d pending, %,d delayed, %,d dropped, %,d rejected, %,d failed, %,d skipped; %,d connected "
                        + "(%,d connects, %,d failed, %,d drops, %,d closed by the peer); lag %,d ms",
                elapsed.toSeconds(), simulatedTime, totals.sent(), sentPerSecond, totals.acknowledged(),
                ackedPerSecond, pending, totals.delayed(), totals.dropped(), totals.rejected(), totals.failed(),
                totals.skipped(), totals.connected(), totals.connects(), totals.connectFailures(), totals.drops(),
                totals.unexpectedCloses(), lagMillis);
    }
}
