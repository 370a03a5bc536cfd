package io.ganglion.profiles.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The unit codes profiles may use: UCUM codes (case-sensitive, as in SenML: {@code Cel}, {@code hPa}, {@code %},
 * {@code ug/m3}, {@code [ppb]}, {@code [g]} for standard gravity), each with its quantity and a linear conversion to
 * that quantity's base unit. Curly-brace annotations are UCUM's way to say what is counted and mean 1:
 * {@code {vehicles}} is a dimensionless count, {@code {frames}/s} a rate like {@code /s}.
 *
 * <p>A fixed table rather than a full UCUM parser: it says exactly which conversions the gateway performs, and a
 * typo in a profile is a load error instead of a silently unconvertible unit. docs/profiles.md lists the table.
 */
public final class Units {
    /** One unit: value in the quantity's base unit = value * scale + offset. */
    private record Definition(String quantity, double scale, double offset) {
    }

    private static final Map<String, Definition> TABLE = table();

    private Units() {
    }

    private static Map<String, Definition> table() {
        Map<String, Definition> t = new LinkedHashMap<>();
        define(t, "temperature", "K", 1);
        t.put("Cel", new Definition("temperature", 1, 273.15));
        t.put("[degF]", new Definition("temperature", 5.0 / 9, 459.67 * 5 / 9));
        define(t, "pressure", "Pa", 1, "hPa", 100, "kPa", 1e3, "MPa", 1e6, "bar", 1e5, "mbar", 100,
                "[psi]", 6894.757293168361, "mm[Hg]", 133.322387415);
        define(t, "electric potential", "V", 1, "mV", 1e-3, "uV", 1e-6, "kV", 1e3);
        define(t, "electric current", "A", 1, "mA", 1e-3, "uA", 1e-6, "kA", 1e3);
        define(t, "power", "W", 1, "mW", 1e-3, "kW", 1e3, "MW", 1e6);
        define(t, "reactive power", "var", 1, "kvar", 1e3);
        define(t, "apparent power", "VA", 1, "kVA", 1e3);
        define(t, "energy", "J", 1, "kJ", 1e3, "MJ", 1e6, "Wh", 3600, "kWh", 3.6e6, "MWh", 3.6e9);
        define(t, "frequency", "Hz", 1, "kHz", 1e3, "/s", 1, "/min", 1.0 / 60, "/h", 1.0 / 3600);
        define(t, "speed", "m/s", 1, "mm/s", 1e-3, "km/h", 1 / 3.6, "[mi_i]/h", 0.44704, "[kn_i]", 1852.0 / 3600);
        define(t, "acceleration", "m/s2", 1, "mm/s2", 1e-3, "[g]", 9.80665);
        define(t, "mass concentration", "ug/m3", 1, "ng/m3", 1e-3, "mg/m3", 1e3, "g/m3", 1e6);
        define(t, "ratio", "1", 1, "%", 1e-2, "[ppth]", 1e-3, "[ppm]", 1e-6, "[ppb]", 1e-9);
        define(t, "time", "s", 1, "ms", 1e-3, "us", 1e-6, "min", 60, "h", 3600, "d", 86400);
        define(t, "length", "m", 1, "um", 1e-6, "mm", 1e-3, "cm", 1e-2, "km", 1e3);
        define(t, "mass", "g", 1, "mg", 1e-3, "kg", 1e3);
        define(t, "volume", "L", 1, "mL", 1e-3, "m3", 1e3);
        define(t, "volume flow", "L/min", 1, "L/s", 60, "m3/h", 1e3 / 60);
        define(t, "angle", "deg", 1, "rad", 180 / Math.PI);
        define(t, "illuminance", "lx", 1);
        define(t, "sound level", "dB", 1);
        define(t, "information", "By", 1, "kBy", 1e3, "MBy", 1e6, "bit", 0.125);
        define(t, "data rate", "bit/s", 1, "kbit/s", 1e3, "Mbit/s", 1e6);
        return Collections.unmodifiableMap(t);
    }

    /** Units of one quantity as code, scale pairs; the first is the base. Temperatures are set apart (offsets). */
    private static void define(Map<String, Definition> table, String quantity, Object... codesAndScales) {
        for (int i = 0; i < codesAndScales.length; i += 2) {
            double scale = ((Number) codesAndScales[i + 1]).doubleValue();
            table.put((String) codesAndScales[i], new Definition(quantity, scale, 0));
        }
    }

    /** Whether {@code code} is a unit this table knows (annotations such as {@code {vehicles}} included). */
    public static boolean isKnown(String code) {
        return definition(code) != null;
    }

    /** What {@code code} measures, e.g. {@code temperature}; for a known unit only. */
    public static String quantityOf(String code) {
        Definition definition = definition(code);
        if (definition == null) {
            throw new IllegalArgumentException(unknown(code));
        }
        return definition.quantity();
    }

    /**
     * The conversion from one unit to another.
     *
     * @throws IllegalArgumentException naming the unit that is unknown, or both quantities when they differ
     */
    public static UnitConversion conversion(String from, String to) {
        Definition source = definition(from);
        Definition target = definition(to);
        if (source == null || target == null) {
            throw new IllegalArgumentException(unknown(source == null ? from : to));
        }
        if (!source.quantity().equals(target.quantity())) {
            throw new IllegalArgumentException("cannot convert " + from + " (" + source.quantity() + ") to " + to
                    + " (" + target.quantity() + ")");
        }
        if (from.equals(to)) {
            return UnitConversion.IDENTITY;
        }
        // from -> base -> to
        UnitConversion toBase = new UnitConversion(source.scale(), source.offset());
        UnitConversion fromBase = new UnitConversion(1 / target.scale(), -target.offset() / target.scale());
        return toBase.then(fromBase);
    }

    /** Every unit code in the table, in the order docs/profiles.md lists them. */
    public static Set<String> codes() {
        return TABLE.keySet();
    }

    /** The message for a code the table does not have; says where the list is. */
    static String unknown(String code) {
        return "unknown unit '" + code + "' (a UCUM code such as Cel, hPa, %, ug/m3, [ppb], m/s2, kWh;"
                + " docs/profiles.md lists them all, case matters)";
    }

    private static Definition definition(String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        Definition definition = TABLE.get(code);
        if (definition != null || code.indexOf('{') < 0) {
            return definition;
        }
        String stripped = withoutAnnotations(code);
        if (stripped == null) {
            return null;
        }
        return stripped.isEmpty() ? TABLE.get("1") : TABLE.get(stripped);
    }

    /** {@code {frames}/s} to {@code /s}, {@code {vehicles}} to the empty string; null when braces do not pair. */
    private static String withoutAnnotations(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int depth = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                if (depth++ > 0) {
                    return null;
                }
            } else if (c == '}') {
                if (--depth < 0) {
                    return null;
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return depth == 0 ? out.toString() : null;
    }
}
