package io.ganglion.sim.faults;

import io.ganglion.profiles.model.FirmwareVersion;
import java.util.SplittableRandom;

/**
 * One device's faults for one run, drawn from its group's {@link FaultSpec}: which per-message faults strike (from
 * the device's own random stream, in message order), its clock's skew, when it is silent, when it drops in a storm
 * and whether it is updated. Not thread-safe: one device's.
 */
public final class DeviceFaults {
    private static final long NEVER = Long.MAX_VALUE;

    private final FaultSpec spec;
    private final SplittableRandom random;

    private final long skewMillis;
    private final long silentFrom;
    private final long silentUntil;
    private final DisconnectStorms storms;
    private final long firmwareChangeAt;

    /**
     * @param spec       the group's faults
     * @param deviceSeed the device's seed for faults ({@code Seeds.of(seed, group, index, "faults")})
     * @param start      the run's start, epoch milliseconds
     */
    public DeviceFaults(FaultSpec spec, long deviceSeed, long start) {
        this.spec = spec;
        this.random = new SplittableRandom(deviceSeed);

        this.skewMillis = skew(spec.clockSkew(), deviceSeed);
        FaultSpec.Silence silence = spec.silence();
        if (silence != null && Chance.chosen(deviceSeed, Chance.SILENCE, silence.fraction())) {
            this.silentFrom = start + silence.at().toMillis();
            this.silentUntil = silence.length() == null ? NEVER : silentFrom + silence.length().toMillis();
        } else {
            this.silentFrom = NEVER;
            this.silentUntil = NEVER;
        }
        this.storms = spec.disconnects() == null ? null : new DisconnectStorms(spec.disconnects(), deviceSeed, start);
        FaultSpec.FirmwareChange change = spec.firmwareChange();
        this.firmwareChangeAt = change != null && Chance.chosen(deviceSeed, Chance.FIRMWARE, change.fraction())
                ? start + change.at().toMillis() : NEVER;
    }

    private static long skew(FaultSpec.ClockSkew skew, long deviceSeed) {
        if (skew == null) {
            return 0;
        }
        if (skew.offset() != null) {
            return skew.behind() ? -skew.offset().toMillis() : skew.offset().toMillis();
        }
        if (!Chance.chosen(deviceSeed, Chance.SKEW, skew.fraction())) {
            return 0;
        }
        double share = Chance.uniform(deviceSeed, Chance.SKEW_AMOUNT) * 2 - 1;
        return Math.round(share * skew.upTo().toMillis());
    }

    /** Whether this message is to be replaced by malformed bytes. */
    public boolean malformed() {
        return strikes(spec.malformed());
    }

    /** Whether this message is to be sent twice. */
    public boolean duplicate() {
        return strikes(spec.duplicate());
    }

    /** Whether this message is to be held back and sent after the next one. */
    public boolean holdBack() {
        return strikes(spec.outOfOrder());
    }

    /** Whether one value of this message is to be out of its range. */
    public boolean outOfRange() {
        return strikes(spec.outOfRange());
    }

    /** A uniform draw for choices within a fault (which metric, which side of the range). */
    public double choice() {
        return random.nextDouble();
    }

    private boolean strikes(double rate) {
        // No draw for a fault that is off, so that turning one fault on leaves the draws of the others as they were
        // as far as possible.
        return rate > 0 && random.nextDouble() < rate;
    }

    /** How far the device's clock is off: positive ahead, negative behind. */
    public long clockSkewMillis() {
        return skewMillis;
    }

    /** Whether the device sends nothing at {@code time}. */
    public boolean silentAt(long time) {
        return time >= silentFrom && time < silentUntil;
    }

    /** When a silence that covers {@code time} ends; {@code Long.MAX_VALUE} for one that never does. */
    public long silentUntil() {
        return silentUntil;
    }

    /** The first time at or after {@code time} at which the device drops its connection; Long.MAX_VALUE: none. */
    public long nextDropAt(long time) {
        return storms == null ? NEVER : storms.nextDropAt(time);
    }

    /** How long a dropped connection stays down. */
    public long reconnectDelayMillis() {
        return storms == null ? 0 : spec.disconnects().length().toMillis();
    }

    /** When the device is updated; {@code Long.MAX_VALUE} when it is not. */
    public long firmwareChangeAt() {
        return firmwareChangeAt;
    }

    /** The version it is updated to, when it is. */
    public FirmwareVersion firmwareChangeTo() {
        return spec.firmwareChange() == null ? null : spec.firmwareChange().to();
    }

}
