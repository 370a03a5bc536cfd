package io.ganglion.profiles.codec;

import io.ganglion.profiles.InvalidSettingException;
import java.util.List;

/** Dot paths into a JSON or CBOR object: {@code env.t} is key {@code t} of object {@code env}; {@code values.0}
 * is the first element of array {@code values} (or key {@code "0"} of an object). */
final class DotPath {
    static final String EXPECTATION = "a dot path such as env.t or values.0, with no empty part";

    private DotPath() {
    }

    static String check(String key, String path) {
        if (path.isBlank() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new InvalidSettingException(key, EXPECTATION, "'" + path + "'");
        }
        return path;
    }

    static List<String> segments(String path) {
        return List.of(path.split("\\.", -1));
    }

    /** The array position a segment names, or -1 when it is not a plain decimal number. */
    static int index(String segment) {
        if (segment.isEmpty() || segment.length() > 9 || !segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(segment);
    }

    /** Whether {@code inner} lies inside {@code outer}: {@code env.t} inside {@code env}. */
    static boolean isInside(String inner, String outer) {
        return inner.length() > outer.length() && inner.startsWith(outer) && inner.charAt(outer.length()) == '.';
    }
}
