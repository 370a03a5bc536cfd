package io.ganglion.profiles.yaml;

import java.nio.file.Path;

/**
 * A configuration file that cannot be used: missing, unreadable, not valid YAML, or holding a key or value the gateway
 * does not accept. The message is meant for the person who edits the file and always has the form
 * {@code FILE[:LINE]: [KEY: ]WHAT}, for example
 * {@code gateway.yaml:14: store.quotaBytes: expected a number from 1048576 to 9223372036854775807, got 10}.
 *
 * <p>Messages never contain a value that came from an environment variable, so they are safe to print and log. The
 * command line turns this exception into exit code {@value #EXIT_CODE}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The process exit code for an invalid configuration (see DESIGN.md, "The command line"). */
    public static final int EXIT_CODE = 2;

    private final transient Path file;
    private final String key;
    private final int line;
    private final String problem;

    /**
     * @param file    the configuration file, as the user named it
     * @param key     the full key path, e.g. {@code devices[2].id}; {@code null} when the problem is not about one key
     * @param line    the 1-based line, or 0 when not known
     * @param problem what is wrong and what was expected, without the file, line and key prefix
     */
    public ConfigException(Path file, String key, int line, String problem) {
        this(file, key, line, problem, null);
    }

    public ConfigException(Path file, String key, int line, String problem, Throwable cause) {
        super(format(file, key, line, problem), cause);
        this.file = file;
        this.key = key == null || key.isEmpty() ? null : key;
        this.line = line;
        this.problem = problem;
    }

    private static String format(Path file, String key, int line, String problem) {
        StringBuilder text = new StringBuilder().append(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (key != null && !key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(problem).toString();
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** The full key path such as {@code mqtt.broker.url} or {@code devices[2].id}, or {@code null}. */
    public String key() {
        return key;
    }

    /** The 1-based line the problem is on, or 0 when it is not known (e.g. the file is missing). */
    public int line() {
        return line;
    }

    /** The message without the {@code FILE:LINE: KEY: } prefix. */
    public String problem() {
        return problem;
    }
}
