package io.ganglion.sim.values;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.ConfigCheck;
import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * How one metric's values move ({@code devices[].values.<metric>}): exactly one of the models. Bounds a model leaves
 * out come from the metric's range in the profile. See docs/simulator.md, "Value models".
 *
 * @param constant   always this value
 * @param randomWalk each message moves by up to {@code step} from the last, kept within {@code [min, max]}
 * @param dailyCycle a sine over the day with its peak at a time of day, plus noise
 * @param bursts     a base level with bursts to another level for a while, at a period
 * @param steps      values that hold from given times into the run
 * @param counter    a total that grows by about {@code increment} per message
 */
public record ValueSpec(Double constant, RandomWalk randomWalk, DailyCycle dailyCycle, Bursts bursts,
                        List<Step> steps, Counter counter) {
    public ValueSpec {
        int given = (constant != null ? 1 : 0) + (randomWalk != null ? 1 : 0) + (dailyCycle != null ? 1 : 0)
                + (bursts != null ? 1 : 0) + (steps != null ? 1 : 0) + (counter != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidSettingException("values", "exactly one of constant, randomWalk, dailyCycle, bursts,"
                    + " steps, counter", given + " models");
        }
        if (steps != null) {
            steps = checkedSteps(steps);
        }
        if (constant != null) {
            finite("constant", constant);
        }
    }

    private static List<Step> checkedSteps(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new InvalidSettingException("steps", "at least one {at, value}", "an empty list");
        }
        List<Step> sorted = new ArrayList<>(steps);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).at().compareTo(sorted.get(i - 1).at()) <= 0) {
                throw new InvalidSettingException("steps[" + i + "].at", "a time after the previous step's ("
                        + ConfigCheck.readable(sorted.get(i - 1).at()) + ")", ConfigCheck.readable(sorted.get(i).at()));
            }
        }
        return List.copyOf(sorted);
    }

    static double finite(String key, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new InvalidSettingException(key, "a finite number", value);
        }
        return value == null ? Double.NaN : value;
    }

    public static ValueSpec constant(double value) {
        return new ValueSpec(value, null, null, null, null, null);
    }

    /**
     * @param start where the walk begins; default the middle of {@code [min, max]}
     * @param step  the largest move per message; default 1 % of {@code max - min}
     * @param min   default the metric's range minimum
     * @param max   default the metric's range maximum
     */
    public record RandomWalk(Double start, Double step, Double min, Double max) {
        public RandomWalk {
            finite("start", start);
            finite("min", min);
            finite("max", max);
            if (step != null && !(step > 0 && Double.isFinite(step))) {
                throw new InvalidSettingException("step", "a positive number", step);
            }
            if (min != null && max != null && min > max) {
                throw new InvalidSettingException("max", "a number not below min (" + min + ")", max);
            }
        }
    }

    /**
     * @param mean      the day's average
     * @param amplitude how far the peak is above the mean (and the trough below), default 0
     * @param peak      the time of day of the peak, {@code HH:mm} in UTC, default {@code 14:00}
     * @param noise     the largest random deviation added to each value, default 0
     */
    public record DailyCycle(Double mean, Double amplitude, String peak, Double noise) {
        public DailyCycle {
            if (mean == null) {
                throw new InvalidSettingException("mean", "a number (the day's average)", "nothing");
            }
            finite("mean", mean);
            amplitude = nonNegative("amplitude", orDefault(amplitude, 0.0));
            noise = nonNegative("noise", orDefault(noise, 0.0));
            peak = orDefault(peak, "14:00");
            peakTime(peak);
        }

        public LocalTime peakTime() {
            return peakTime(peak);
        }

        private static LocalTime peakTime(String text) {
            try {
                return LocalTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException("peak", "a time of day HH:mm such as 08:30", "'" + text + "'");
            }
        }
    }

    /**
     * @param base   the level between bursts
     * @param level  the level during a burst
     * @param every  the time from one burst's start to the next, 1ms to 7d
     * @param length how long a burst lasts, shorter than {@code every}
     * @param noise  the largest random deviation added to each value, default 0
     */
    public record Bursts(Double base, Double level, Duration every, Duration length, Double noise) {
        public Bursts {
            if (base == null || level == null) {
                throw new InvalidSettingException(base == null ? "base" : "level", "a number", "nothing");
            }
            finite("base", base);
            finite("level", level);
            if (every == null || length == null) {
                throw new InvalidSettingException(every == null ? "every" : "length", "a duration such as 30s",
                        "nothing");
            }
            inRange("every", every, Duration.ofMillis(1), Duration.ofDays(7));
            inRange("length", length, Duration.ofMillis(1), every.minusMillis(1));
            noise = nonNegative("noise", orDefault(noise, 0.0));
        }
    }

    /**
     * @param at    the time into the run from which {@code value} holds
     * @param value the value
     */
    public record Step(Duration at, Double value) {
        public Step {
            if (at == null || at.isNegative()) {
                throw new InvalidSettingException("at", "a duration into the run such as 5m", at == null ? "nothing"
                        : ConfigCheck.readable(at));
            }
            if (value == null) {
                throw new InvalidSettingException("value", "a number", "nothing");
            }
            finite("value", value);
        }
    }

    /**
     * @param start     the first total, default 0
     * @param increment the average growth per message, default 1; each message adds between 0 and twice this
     */
    public record Counter(Double start, Double increment) {
        public Counter {
            start = nonNegative("start", orDefault(start, 0.0));
            increment = nonNegative("increment", orDefault(increment, 1.0));
        }
    }

    private static double nonNegative(String key, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new InvalidSettingException(key, "a number of 0 or more", value);
        }
        return value;
    }
}
