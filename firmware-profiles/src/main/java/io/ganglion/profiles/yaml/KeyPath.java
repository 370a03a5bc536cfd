package io.ganglion.profiles.yaml;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.List;

/**
 * Key paths as a person writes them: {@code store.quotaBytes}, {@code devices[2].id}; the root is the empty string.
 * One spelling is used everywhere (line index, environment substitution, error messages) so they can be matched.
 */
final class KeyPath {
    static final String ROOT = "";

    private KeyPath() {
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The enclosing key, or {@code null} for the root. */
    static String parent(String path) {
        if (path.isEmpty()) {
            return null;
        }
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? ROOT : path.substring(0, cut);
    }

    static String of(List<Reference> references) {
        String path = ROOT;
        for (Reference reference : references) {
            path = reference.getFieldName() != null
                    ? child(path, reference.getFieldName())
                    : element(path, reference.getIndex());
        }
        return path;
    }
}
