package io.ganglion.profiles.model;

import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.LoadedFile;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A profile after {@code extends} is resolved: its own keys over those it inherits. {@link ProfileSet} builds these
 * and checks them; a concrete (not abstract) one becomes a {@link DeviceProfile}. Immutable.
 */
public final class ProfileDefinition {
    /** A test vector and where it was written (possibly in a profile this one extends). */
    record PlacedVector(TestVector vector, LoadedFile<ProfileDocument> origin, String key) {
        String location() {
            return Provenance.location(origin.file(), origin.lineOf(key));
        }
    }

    private final String id;
    private final boolean isAbstract;
    private final String parentId;
    private final String vendor;
    private final String model;
    private final FirmwareRange firmware;
    private final String description;
    private final Map<String, MetricSpec> metrics;
    private final CodecSpec telemetry;
    private final Transports transports;
    private final Map<String, CommandSpec> commands;
    private final CameraSpec camera;
    private final List<PlacedVector> tests;
    private final Provenance provenance;

    ProfileDefinition(ProfileDocument own, String vendor, String model, FirmwareRange firmware, String description,
            Map<String, MetricSpec> metrics, CodecSpec telemetry, Transports transports,
            Map<String, CommandSpec> commands, CameraSpec camera, List<PlacedVector> tests, Provenance provenance) {
        this.id = own.id();
        this.isAbstract = own.isAbstract();
        this.parentId = own.parent();
        this.vendor = vendor == null ? "" : vendor;
        this.model = model;
        this.firmware = firmware;
        this.description = description == null ? "" : description;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.telemetry = telemetry;
        this.transports = transports;
        this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
        this.camera = camera;
        this.tests = List.copyOf(tests);
        this.provenance = provenance;
    }

    public String id() {
        return id;
    }

    /** A base for other profiles: never selected for a device and never decodes. */
    public boolean isAbstract() {
        return isAbstract;
    }

    /** The id of the profile this one extends. */
    public Optional<String> parentId() {
        return Optional.ofNullable(parentId);
    }

    /** Who makes the device; empty when not said. */
    public String vendor() {
        return vendor;
    }

    /** The model key; {@code null} only for an abstract profile that leaves it to those extending it. */
    public String model() {
        return model;
    }

    /** The firmware versions it applies to; {@code null} only for an abstract profile. */
    public FirmwareRange firmware() {
        return firmware;
    }

    public String description() {
        return description;
    }

    /** By metric name, in the order the files list them (inherited ones first). */
    public Map<String, MetricSpec> metrics() {
        return metrics;
    }

    /** The telemetry codec; {@code null} only for an abstract profile. */
    public CodecSpec telemetry() {
        return telemetry;
    }

    /** How the device is reached; MQTT on the standard topics when no profile in the chain names a transport. */
    public Transports transports() {
        return transports.isEmpty() ? Transports.defaults() : transports;
    }

    /** The transports as the chain of files names them, without the default. */
    Transports declaredTransports() {
        return transports;
    }

    public Map<String, CommandSpec> commands() {
        return commands;
    }

    /** The camera section, if this is a camera. */
    public Optional<CameraSpec> camera() {
        return Optional.ofNullable(camera);
    }

    /** The test vectors, inherited ones first. */
    public List<TestVector> tests() {
        return tests.stream().map(PlacedVector::vector).toList();
    }

    /** The profile's own file, as it was named when loading (a library profile: {@code library/NAME.yaml}). */
    public Path file() {
        return provenance.own().file();
    }

    List<PlacedVector> placedTests() {
        return tests;
    }

    Map<String, LoadedFile<ProfileDocument>> owners() {
        return provenance.owners();
    }

    /** A problem at {@code key}, at the file and line that wrote it. */
    ConfigException problem(String key, String problem) {
        return provenance.problem(key, problem);
    }

    /** {@code FILE:LINE} of {@code key}. */
    String location(String key) {
        return provenance.location(key);
    }

    @Override
    public String toString() {
        return id + (firmware == null ? "" : " [" + firmware + "]");
    }
}
