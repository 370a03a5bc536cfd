package io.ganglion.profiles.model;

import io.ganglion.profiles.yaml.ConfigException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Profiles that cannot be used, with every problem found in them, not only the first: a site engineer fixes a
 * directory in one pass. Each problem is a {@link ConfigException} naming the file, line and key and what was
 * expected; they are ordered by file and line. The command line exits with {@link ConfigException#EXIT_CODE}.
 */
public final class ProfileSetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigException> problems;

    public ProfileSetException(List<ConfigException> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, at least one, ordered by file and line. */
    public List<ConfigException> problems() {
        return problems;
    }

    private static String message(List<ConfigException> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in firmware profiles:\n"
                + problems.stream().map(ConfigException::getMessage).collect(Collectors.joining("\n"));
    }
}
