package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.codec.FieldSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A command the gateway can send to a device of this type ({@code commands.<name>}): its parameters, the values
 * that are always sent, and the payload that carries them.
 *
 * @param description for people
 * @param parameters  what the caller gives, by name; every one is required
 * @param constants   payload fields with a fixed value, e.g. {@code {state: 1}} for an "on" command
 * @param payload     the codec of the command's payload; its fields are exactly the parameters and constants
 * @param qos         the MQTT QoS the command is published with, 0 to 2 (default 1)
 */
public record CommandSpec(String description, Map<String, ParameterSpec> parameters, Map<String, Double> constants,
        CodecSpec payload, Integer qos) {
    public CommandSpec {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        constants = constants == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        qos = inRange("qos", orDefault(qos, 1), 0, 2);
        if (payload == null) {
            throw new InvalidSettingException("payload", "the payload codec, e.g. {codec: json, fields: {...}}",
                    "nothing");
        }
        for (Map.Entry<String, ParameterSpec> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                throw new InvalidSettingException("parameters." + parameter.getKey(), "a parameter section (type,"
                        + " range, ...)", "nothing");
            }
            if (constants.containsKey(parameter.getKey())) {
                throw new InvalidSettingException("constants." + parameter.getKey(),
                        "a name that is not also a parameter", "'" + parameter.getKey() + "'");
            }
        }
        constants.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new InvalidSettingException("constants." + name, "a finite number (1 or 0 for on/off)", value);
            }
        });
        checkPayloadFields(parameters, constants, payload);
    }

    private static void checkPayloadFields(Map<String, ParameterSpec> parameters, Map<String, Double> constants,
            CodecSpec payload) {
        for (String field : payload.fields().keySet()) {
            if (!parameters.containsKey(field) && !constants.containsKey(field)) {
                throw new InvalidSettingException("payload.fields." + field, "a field for a parameter or a constant ("
                        + String.join(", ", names(parameters, constants)) + ")", "'" + field + "'");
            }
        }
        for (String name : names(parameters, constants)) {
            FieldSpec field = payload.fields().get(name);
            if (field == null) {
                throw new InvalidSettingException("payload.fields", "a field for every parameter and constant",
                        "none for '" + name + "'");
            }
            FieldCapacity capacity = FieldCapacity.of(payload, field);
            ParameterSpec parameter = parameters.get(name);
            if (parameter != null && parameter.range() != null && !capacity.holds(parameter.range())) {
                throw new InvalidSettingException("parameters." + name + ".range", "a range the payload field can"
                        + " carry, within " + capacity.values(), parameter.range());
            }
            if (parameter != null && parameter.range() == null && capacity.values() != null
                    && parameter.type() != ParameterType.BOOL) {
                throw new InvalidSettingException("parameters." + name + ".range", "a range for a parameter carried"
                        + " in a binary field (it can carry " + capacity.values() + ")", "nothing");
            }
            Double constant = constants.get(name);
            if (constant != null && capacity.values() != null && !capacity.values().contains(constant)) {
                throw new InvalidSettingException("constants." + name, "a value the payload field can carry, within "
                        + capacity.values(), constant);
            }
        }
    }

    private static TreeSet<String> names(Map<String, ParameterSpec> parameters, Map<String, Double> constants) {
        TreeSet<String> names = new TreeSet<>(parameters.keySet());
        names.addAll(constants.keySet());
        return names;
    }
}
