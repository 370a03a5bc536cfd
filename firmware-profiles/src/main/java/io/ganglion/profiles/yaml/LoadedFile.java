package io.ganglion.profiles.yaml;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bound settings record together with where its keys were in the file, so that checks which need more than one
 * record (a firmware profile's references to another file, say) can still name the line of the key they reject.
 *
 * @param <T> the settings record
 */
public final class LoadedFile<T> {
    private final T value;
    private final YamlDocument document;

    LoadedFile(T value, YamlDocument document) {
        this.value = Objects.requireNonNull(value, "value");
        this.document = document;
    }

    /** The record, validated by its compact constructor. */
    public T value() {
        return value;
    }

    /** The file as the caller named it; messages use this name. */
    public Path file() {
        return document.file();
    }

    /**
     * The 1-based line of {@code key} (e.g. {@code metrics.temperature.range}, {@code tests[2].expect}), else of its
     * nearest enclosing key that the file has; 0 when none.
     */
    public int lineOf(String key) {
        return document.lineOf(key);
    }

    /** A problem at {@code key} of this file, in the same form as every other configuration error. */
    public ConfigException problem(String key, String problem) {
        return new ConfigException(document.file(), key, lineOf(key), problem);
    }
}
