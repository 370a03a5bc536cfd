package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.identifier;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganglion.profiles.InvalidSettingException;
import io.ganglion.profiles.codec.CodecSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One profile file as written, before {@code extends} is resolved: every key is optional here, because a profile may
 * take it from the one it extends. {@link ProfileSet} resolves and checks the whole set; docs/profiles.md describes
 * every key, and docs/profile.schema.json is checked against these components.
 *
 * @param id          the unique profile id, e.g. {@code bosch-bme280-json}
 * @param isAbstract  {@code abstract: true}: a base for other profiles to extend, never selected for a device
 * @param parent      {@code extends}: the id of the profile this one inherits from
 * @param vendor      who makes the device
 * @param model       the model key devices are declared with; several profiles share it, one per firmware range
 * @param firmware    the firmware versions this profile applies to
 * @param description for people
 * @param metrics     what the values mean, by metric name; {@code name: ~} drops an inherited metric
 * @param telemetry   the codec of telemetry payloads; its fields are the metrics
 * @param transports  how the device is reached
 * @param commands    what can be sent to the device, by name; {@code name: ~} drops an inherited command
 * @param camera      a camera's frames channel and detection settings
 * @param tests       test vectors; a vector named like an inherited one replaces it
 */
public record ProfileDocument(String id, @JsonProperty("abstract") Boolean isAbstract,
        @JsonProperty("extends") String parent, String vendor, String model, FirmwareRange firmware,
        String description, Map<String, MetricSpec> metrics, CodecSpec telemetry, Transports transports,
        Map<String, CommandSpec> commands, CameraSpec camera, List<TestVector> tests) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public ProfileDocument {
        identifier("id", id);
        if (parent != null) {
            identifier("extends", parent);
        }
        if (model != null) {
            identifier("model", model);
        }
        isAbstract = isAbstract != null && isAbstract;
        checkNames("metrics", metrics);
        checkNames("commands", commands);
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** Metric and command names appear in topics, SQL and dot paths: letters, digits, '_' and '-' only. */
    private static void checkNames(String section, Map<String, ?> entries) {
        if (entries == null) {
            return;
        }
        for (String name : entries.keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new InvalidSettingException(section + "." + name, "a name of 1 to 64 letters, digits, '_' or"
                        + " '-', starting with a letter", "'" + name + "'");
            }
        }
    }
}
