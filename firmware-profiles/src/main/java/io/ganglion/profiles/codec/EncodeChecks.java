package io.ganglion.profiles.codec;

import java.util.List;
import java.util.Map;

/** What every codec checks about the samples it is asked to encode, with the same words. */
final class EncodeChecks {
    private EncodeChecks() {
    }

    static void notEmpty(List<Sample> samples) throws EncodeException {
        if (samples.isEmpty()) {
            throw new EncodeException("nothing to encode: no samples (a payload without fields decodes as empty)");
        }
    }

    /** The slot of the sample's field; the samples of undeclared fields cannot be placed anywhere. */
    static int slot(Map<String, Integer> slots, Sample sample) throws EncodeException {
        Integer slot = slots.get(sample.field());
        if (slot == null) {
            throw new EncodeException("no field '" + sample.field() + "' in this codec's spec; it has "
                    + String.join(", ", slots.keySet()));
        }
        if (!Double.isFinite(sample.value())) {
            throw new EncodeException("field '" + sample.field() + "': expected a finite number, got "
                    + sample.value());
        }
        return slot;
    }

    /**
     * The one device time of a payload that carries a single timestamp: the time the timed samples share, or
     * {@link Sample#NO_TIME} when none has one. Samples without a time go with the others.
     */
    static long commonTime(List<Sample> samples) throws EncodeException {
        long time = Sample.NO_TIME;
        for (Sample sample : samples) {
            if (!sample.hasTime()) {
                continue;
            }
            if (time != Sample.NO_TIME && time != sample.timestamp()) {
                throw new EncodeException("the samples have different times (" + time + " and "
                        + sample.timestamp() + " ms), but the payload carries one timestamp");
            }
            time = sample.timestamp();
        }
        return time;
    }
}
