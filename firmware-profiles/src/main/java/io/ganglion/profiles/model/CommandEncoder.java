package io.ganglion.profiles.model;

import io.ganglion.profiles.codec.Codecs;
import io.ganglion.profiles.codec.EncodeException;
import io.ganglion.profiles.codec.PayloadCodec;
import io.ganglion.profiles.codec.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command of a profile, ready to encode: checks the caller's parameters against the command's declaration and
 * the payload field's capacity, then encodes them with the constants.
 */
final class CommandEncoder {
    private final String profileId;
    private final String name;
    private final CommandSpec spec;
    private final PayloadCodec codec;
    private final Map<String, ValueRange> accepted = new LinkedHashMap<>();

    CommandEncoder(String profileId, String name, CommandSpec spec) {
        this.profileId = profileId;
        this.name = name;
        this.spec = spec;
        this.codec = Codecs.create(spec.payload());
        spec.parameters().forEach((parameter, declared) -> {
            ValueRange carried = FieldCapacity.of(spec.payload(), spec.payload().fields().get(parameter)).values();
            accepted.put(parameter, declared.range() != null ? declared.range() : carried);
        });
    }

    byte[] encode(Map<String, ?> parameters) throws InvalidCommandException, EncodeException {
        for (String given : parameters.keySet()) {
            if (!spec.parameters().containsKey(given)) {
                throw problem(InvalidCommandException.Reason.UNKNOWN_PARAMETER, "has no parameter '" + given
                        + "'; it takes " + describeParameters());
            }
        }
        List<Sample> samples = new ArrayList<>(spec.parameters().size() + spec.constants().size());
        for (Map.Entry<String, ParameterSpec> entry : spec.parameters().entrySet()) {
            String parameter = entry.getKey();
            Object value = parameters.get(parameter);
            if (value == null) {
                throw problem(InvalidCommandException.Reason.MISSING_PARAMETER, "needs parameter '" + parameter
                        + "' (" + describe(parameter, entry.getValue()) + ")");
            }
            samples.add(Sample.of(parameter, checked(parameter, entry.getValue(), value)));
        }
        spec.constants().forEach((field, value) -> samples.add(Sample.of(field, value)));
        return codec.encode(samples);
    }

    private double checked(String parameter, ParameterSpec declared, Object value) throws InvalidCommandException {
        double number;
        switch (declared.type()) {
            case BOOL:
                if (!(value instanceof Boolean flag)) {
                    throw wrongType(parameter, declared, value);
                }
                return flag ? 1 : 0;
            case INT:
                if (!(value instanceof Number given) || !isWhole(given)) {
                    throw wrongType(parameter, declared, value);
                }
                number = given.doubleValue();
                break;
            default:
                if (!(value instanceof Number given) || !Double.isFinite(given.doubleValue())) {
                    throw wrongType(parameter, declared, value);
                }
                number = given.doubleValue();
        }
        ValueRange range = accepted.get(parameter);
        if (range != null && !range.contains(number)) {
            throw problem(InvalidCommandException.Reason.OUT_OF_RANGE, "parameter '" + parameter + "' must be within "
                    + range + unitSuffix(declared) + ", got " + ValueRange.format(number));
        }
        return number;
    }

    private static boolean isWhole(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return true;
        }
        double value = number.doubleValue();
        return Double.isFinite(value) && value == Math.rint(value);
    }

    private InvalidCommandException wrongType(String parameter, ParameterSpec declared, Object value) {
        String got = value instanceof String text ? "the text '" + text + "'" : String.valueOf(value);
        return problem(InvalidCommandException.Reason.WRONG_TYPE, "parameter '" + parameter + "' must be "
                + describe(parameter, declared) + ", got " + got);
    }

    private String describe(String parameter, ParameterSpec declared) {
        String type = switch (declared.type()) {
            case BOOL -> "true or false";
            case INT -> "a whole number";
            case FLOAT -> "a number";
        };
        ValueRange range = accepted.get(parameter);
        return range == null || declared.type() == ParameterType.BOOL ? type
                : type + " within " + range + unitSuffix(declared);
    }

    private static String unitSuffix(ParameterSpec declared) {
        return declared.unit().isEmpty() ? "" : " " + declared.unit();
    }

    private String describeParameters() {
        if (spec.parameters().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        spec.parameters().forEach((parameter, declared) -> parts.add(parameter + " (" + describe(parameter, declared)
                + ")"));
        return String.join(", ", parts);
    }

    private InvalidCommandException problem(InvalidCommandException.Reason reason, String what) {
        return new InvalidCommandException(reason, "command '" + name + "' of profile " + profileId + " " + what);
    }
}
