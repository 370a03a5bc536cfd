package io.ganglion.sim.faults;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganglion.profiles.ConfigCheck;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.model.FirmwareVersion;
import java.time.Duration;

/**
 * The faults of a device group ({@code devices[].faults}); every one is off unless given. Rates are the share of
 * telemetry messages, 0 to 1. See docs/simulator.md, "Faults".
 *
 * @param malformed      messages replaced by bytes the profile's codec rejects
 * @param duplicate      messages sent twice (the same bytes)
 * @param outOfOrder     messages held back and sent after the next one
 * @param outOfRange     messages with one metric outside its valid range (stored with BAD quality)
 * @param clockSkew      device clocks that are off
 * @param silence        devices that stop sending for a while, or for good
 * @param disconnects    storms in which devices drop their connection and come back
 * @param firmwareChange devices that are updated during the run
 */
public record FaultSpec(Double malformed, Double duplicate, Double outOfOrder, Double outOfRange, ClockSkew clockSkew,
                        Silence silence, Disconnects disconnects, FirmwareChange firmwareChange) {
    public FaultSpec {
        malformed = share("malformed", orDefault(malformed, 0.0));
        duplicate = share("duplicate", orDefault(duplicate, 0.0));
        outOfOrder = share("outOfOrder", orDefault(outOfOrder, 0.0));
        outOfRange = share("outOfRange", orDefault(outOfRange, 0.0));
    }

    public static FaultSpec none() {
        return new FaultSpec(null, null, null, null, null, null, null, null);
    }

    /** Whether nothing is faulty: then the gateway must store exactly what it acknowledged. */
    public boolean isNone() {
        return malformed == 0 && duplicate == 0 && outOfOrder == 0 && outOfRange == 0 && clockSkew == null
                && silence == null && disconnects == null && firmwareChange == null;
    }

    static double share(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidSettingException(key, "a share from 0 to 1, such as 0.01", value);
        }
        return value;
    }

    /**
     * Either every device of the group is off by {@code offset}, or a {@code fraction} of them by a random amount up
     * to {@code upTo} either way.
     *
     * @param offset   how far ahead every clock is (write {@code behind: true} for behind)
     * @param behind   the {@code offset} is behind the true time, default false
     * @param fraction the share of devices with a skewed clock, with {@code upTo}
     * @param upTo     the largest skew, ahead or behind
     */
    public record ClockSkew(Duration offset, Boolean behind, Double fraction, Duration upTo) {
        public ClockSkew {
            behind = orDefault(behind, false);
            if ((offset == null) == (upTo == null)) {
                throw new InvalidSettingException(offset == null ? "offset" : "upTo",
                        "either offset (every device) or fraction and upTo (some devices)",
                        offset == null ? "neither" : "both");
            }
            if (offset != null) {
                inRange("offset", offset, Duration.ZERO, Duration.ofDays(365));
                if (fraction != null) {
                    throw new InvalidSettingException("fraction", "no fraction with offset (every device is off)",
                            fraction);
                }
            } else {
                inRange("upTo", upTo, Duration.ofMillis(1), Duration.ofDays(365));
                fraction = share("fraction", orDefault(fraction, 1.0));
            }
        }
    }

    /**
     * @param at       when the devices go quiet, into the run
     * @param length   for how long ({@code for}); absent: for the rest of the run
     * @param fraction the share of the group's devices that go quiet, default 1 (all)
     */
    public record Silence(Duration at, @JsonProperty("for") Duration length, Double fraction) {
        public Silence {
            at = nonNegative("at", at);
            if (length != null) {
                inRange("for", length, Duration.ofMillis(1), Duration.ofDays(3650));
            }
            fraction = share("fraction", orDefault(fraction, 1.0));
        }
    }

    /**
     * @param every    the time between storms, the first one {@code every} into the run
     * @param fraction the share of devices that drop in each storm
     * @param length   how long a dropped device stays away ({@code for}), shorter than {@code every}
     */
    public record Disconnects(Duration every, Double fraction, @JsonProperty("for") Duration length) {
        public Disconnects {
            if (every == null) {
                throw new InvalidSettingException("every", "a duration such as 5m", "nothing");
            }
            inRange("every", every, Duration.ofSeconds(1), Duration.ofDays(7));
            fraction = share("fraction", orDefault(fraction, 0.1));
            length = inRange("for", orDefault(length, Duration.ofSeconds(10)), Duration.ofMillis(1),
                    every.minusMillis(1));
        }
    }

    /**
     * @param at       when the devices are updated, into the run
     * @param to       the firmware they announce from then on; it selects the profile they encode with
     * @param fraction the share of the group's devices that are updated, default 1 (all)
     */
    public record FirmwareChange(Duration at, FirmwareVersion to, Double fraction) {
        public FirmwareChange {
            at = nonNegative("at", at);
            if (to == null) {
                throw new InvalidSettingException("to", "a firmware version such as 2.1.0", "nothing");
            }
            fraction = share("fraction", orDefault(fraction, 1.0));
        }
    }

    private static Duration nonNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidSettingException(key, "a duration into the run such as 5m",
                    value == null ? "nothing" : ConfigCheck.readable(value));
        }
        return value;
    }
}
