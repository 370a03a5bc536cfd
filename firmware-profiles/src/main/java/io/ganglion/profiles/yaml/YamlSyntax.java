package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns a YAML parser failure into a message with the line and column where the problem was found. */
final class YamlSyntax {
    private YamlSyntax() {
    }

    static ConfigException toConfigException(Path file, StreamReadException e) {
        MarkedYAMLException marked = markedCause(e);
        if (marked != null && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return new ConfigException(file, null, mark.getLine() + 1,
                    "invalid YAML at column " + (mark.getColumn() + 1) + ": " + marked.getProblem() + context, e);
        }
        JsonLocation location = e.getLocation();
        int line = location == null ? 0 : Math.max(location.getLineNr(), 0);
        String column = location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
        return new ConfigException(file, null, line, "invalid YAML" + column + ": " + e.getOriginalMessage(), e);
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked;
            }
        }
        return null;
    }
}
