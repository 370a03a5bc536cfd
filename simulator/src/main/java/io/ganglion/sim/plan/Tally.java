package io.ganglion.sim.plan;

import io.ganglion.profiles.Quality;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import java.util.List;
import java.util.Objects;

/**
 * What a message counts for once sent, for the {@link io.ganglion.sim.ledger.Ledger}.
 *
 * @param kind         what the message is
 * @param readings     {@link Kind#READINGS} and {@link Kind#DUPLICATE}: the readings the gateway will store, as it
 *                     will store them (metric, value in the metric's unit, the timestamp the payload carries or, for
 *                     a payload without one, the scheduled time, and quality: BAD for an {@code outOfRange} value);
 *                     empty for the other kinds
 * @param rejectReason {@link Kind#MALFORMED}: why the gateway will reject it; else {@code null}
 */
public record Tally(Kind kind, List<Reading> readings, RejectReason rejectReason) {
    public enum Kind {
        /** Telemetry the gateway must store: one reading per metric it carries. */
        READINGS,
        /** The same payload as the message before it, sent again. */
        DUPLICATE,
        /** Telemetry the profile's codec rejects. */
        MALFORMED,
        /** A status announcement (firmware, online). */
        STATUS,
        /** A camera frame. */
        FRAME
    }

    private static final Tally STATUS_TALLY = new Tally(Kind.STATUS, List.of(), null);
    private static final Tally FRAME_TALLY = new Tally(Kind.FRAME, List.of(), null);

    public Tally {
        Objects.requireNonNull(kind, "kind");
        readings = List.copyOf(readings);
    }

    public static Tally readings(List<Reading> readings) {
        return new Tally(Kind.READINGS, readings, null);
    }

    public static Tally malformed(RejectReason reason) {
        return new Tally(Kind.MALFORMED, List.of(), Objects.requireNonNull(reason, "reason"));
    }

    public static Tally status() {
        return STATUS_TALLY;
    }

    public static Tally frame() {
        return FRAME_TALLY;
    }

    /** This tally's readings, counted as a duplicate. */
    public Tally asDuplicate() {
        return new Tally(Kind.DUPLICATE, readings, null);
    }

    /** How many of the readings are out of their metric's range. */
    public int badReadings() {
        int bad = 0;
        for (Reading reading : readings) {
            if (reading.quality() == Quality.BAD) {
                bad++;
            }
        }
        return bad;
    }
}
