package io.ganglion.profiles.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What one unit of a device's timestamp is: payloads count milliseconds or seconds since 1970-01-01T00:00Z. */
public enum EpochUnit {
    MS("ms", 1),
    S("s", 1000);

    private final String label;
    private final long millis;

    EpochUnit(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static EpochUnit of(String label) {
        return Labels.parse(values(), EpochUnit::label, label);
    }

    /** Milliseconds in one unit. */
    long millis() {
        return millis;
    }

    /** How the unit reads in a message: "epoch milliseconds". */
    String describe() {
        return this == MS ? "epoch milliseconds" : "epoch seconds";
    }
}
