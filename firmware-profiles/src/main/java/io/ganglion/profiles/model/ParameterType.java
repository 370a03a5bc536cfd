package io.ganglion.profiles.model;

/** What a command parameter takes; values are checked against it before a command is encoded. */
public enum ParameterType {
    /** Any finite number. */
    FLOAT,
    /** A whole number. */
    INT,
    /** true or false, encoded as 1 or 0. */
    BOOL
}
