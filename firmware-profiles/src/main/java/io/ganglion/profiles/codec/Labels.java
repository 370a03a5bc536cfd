package io.ganglion.profiles.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the lower-case labels of the spec enums as a profile writes them. */
final class Labels {
    private Labels() {
    }

    /**
     * The constant whose label is {@code text}, ignoring case; {@code _} is taken for {@code -} because the YAML
     * loader's generic enum message spells constants with underscores ({@code senml_json}).
     *
     * @throws IllegalArgumentException naming the accepted labels; not an InvalidSettingException, because Jackson's
     *                                  path to an enum value already ends with the key it is bound to
     */
    static <E extends Enum<E>> E parse(E[] constants, Function<E, String> label, String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (E constant : constants) {
                if (label.apply(constant).equals(wanted)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("expected one of " + list(constants, label) + ", got "
                + (text == null ? "nothing" : "'" + text + "'"));
    }

    static <E extends Enum<E>> String list(E[] constants, Function<E, String> label) {
        return Arrays.stream(constants).map(label).collect(Collectors.joining(", "));
    }
}
