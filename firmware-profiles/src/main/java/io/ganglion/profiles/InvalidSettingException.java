package io.ganglion.profiles;

/**
 * A configuration value that was read but is not acceptable. Thrown by the validating constructors of settings
 * records; the configuration loader adds the file, the full key path and the line before showing it to a person.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String expectation;

    /**
     * @param key         the setting's own key, relative to the record that holds it, e.g. {@code port}
     * @param expectation what would have been accepted, e.g. {@code an integer from 1 to 65535}
     * @param actual      what was given (shown as is; pass a masked value for secrets)
     */
    public InvalidSettingException(String key, String expectation, Object actual) {
        super(key + ": expected " + expectation + ", got " + actual);
        this.key = key;
        this.expectation = expectation;
    }

    public String key() {
        return key;
    }

    public String expectation() {
        return expectation;
    }
}
