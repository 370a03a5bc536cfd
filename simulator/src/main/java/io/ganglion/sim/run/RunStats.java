package io.ganglion.sim.run;

import java.util.concurrent.atomic.LongAdder;

/**
 * The running counts of one run, from every transport's threads at once. {@link #snapshot()} reads them for a
 * progress line or the final report.
 */
public final class RunStats {
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder delayed = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder unexpectedCloses = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder resumedSessions = new LongAdder();

    /**
     * The counts at one moment.
     *
     * @param sent             messages that left (written to the socket, or handed to the GPIO hook)
     * @param acknowledged     messages the gateway confirmed (PUBACK, CoAP 2.xx; QoS 0 and NON on sending)
     * @param rejected         messages the gateway refused (CoAP 4.xx)
     * @param failed           messages whose sending or confirmation failed (connection lost before the PUBACK, CoAP
     *                         timeout or 5.xx, a write error)
     * @param delayed          messages that had to wait because their device's in-flight window was full or it was
     *                         not connected yet (each counted once)
     * @param dropped          messages never sent because their device's queue was full (not in the ledger)
     * @param skipped          messages with no way to be sent: status over CoAP, GPIO without a {@link GpioPins}
     * @param connects         connections made (first connects and reconnects)
     * @param connectFailures  connection attempts that failed
     * @param drops            connections dropped abruptly by a disconnect storm
     * @param unexpectedCloses connections the other side closed
     * @param connected        devices connected now
     * @param resumedSessions  MQTT connections on which the broker still had the device's session
     */
    public record Snapshot(long sent, long acknowledged, long rejected, long failed, long delayed, long dropped,
                           long skipped, long connects, long connectFailures, long drops, long unexpectedCloses,
                           long connected, long resumedSessions) {
        /** Sent and not yet settled (acknowledged, rejected or failed). */
        public long outstanding() {
            return Math.max(0, sent - acknowledged - rejected - failed);
        }

        /** Errors worth a look: rejections, failures, drops of the queue, failed connects, unexpected closes. */
        public long errors() {
            return rejected + failed + dropped + connectFailures + unexpectedCloses;
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(sent.sum(), acknowledged.sum(), rejected.sum(), failed.sum(), delayed.sum(),
                dropped.sum(), skipped.sum(), connects.sum(), connectFailures.sum(), drops.sum(),
                unexpectedCloses.sum(), connected.sum(), resumedSessions.sum());
    }
}
