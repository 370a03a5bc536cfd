package io.ganglion.profiles.model;

/** The internal resistor on an input pin; {@code none} when the circuit drives the line itself. */
public enum GpioPull {
    NONE,
    UP,
    DOWN
}
