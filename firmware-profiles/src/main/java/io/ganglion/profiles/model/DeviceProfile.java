package io.ganglion.profiles.model;

import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Profile;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.RejectReason;
import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.Codecs;
import io.ganglion.profiles.codec.EncodeException;
import io.ganglion.profiles.codec.PayloadCodec;
import io.ganglion.profiles.codec.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A firmware profile ready to use: decodes telemetry with the profile's codec into readings in the metrics' units,
 * encodes readings back (for the simulator) and commands (for downlink). Made by {@link ProfileSet}; immutable and
 * thread-safe, never blocks.
 *
 * <p><b>Quality.</b> A value outside its metric's {@code range} (a bool that is neither 0 nor 1) is not dropped: its
 * reading has {@link io.ganglion.profiles.Quality#BAD} quality, so that it is stored, visible and countable. A caller
 * counts out-of-range values by counting readings of BAD quality in the returned list. Only payloads that cannot be
 * read at all are rejected, with a {@link DecodeException} and its {@link RejectReason}.
 */
public final class DeviceProfile implements Profile {
    private final ProfileDefinition definition;
    private final PayloadCodec telemetry;
    private final Map<String, MetricBinding> bindings;
    private final Map<String, CommandEncoder> commands;

    DeviceProfile(ProfileDefinition definition) {
        if (definition.isAbstract() || definition.telemetry() == null) {
            throw new IllegalArgumentException("profile " + definition.id() + " is abstract and cannot decode");
        }
        this.definition = definition;
        this.telemetry = Codecs.create(definition.telemetry());
        boolean senml = definition.telemetry().codec() == CodecKind.SENML_JSON
                || definition.telemetry().codec() == CodecKind.SENML_CBOR;
        Map<String, MetricBinding> byField = new HashMap<>();
        definition.metrics().forEach((metric, spec) -> byField.put(metric, new MetricBinding(metric, spec, senml)));
        this.bindings = byField;
        Map<String, CommandEncoder> encoders = new HashMap<>();
        definition.commands().forEach((name, spec) -> encoders.put(name,
                new CommandEncoder(definition.id(), name, spec)));
        this.commands = encoders;
    }

    @Override
    public String id() {
        return definition.id();
    }

    public String vendor() {
        return definition.vendor();
    }

    public String model() {
        return definition.model();
    }

    public FirmwareRange firmware() {
        return definition.firmware();
    }

    public String description() {
        return definition.description();
    }

    public Map<String, MetricSpec> metrics() {
        return definition.metrics();
    }

    public Transports transports() {
        return definition.transports();
    }

    public Map<String, CommandSpec> commands() {
        return definition.commands();
    }

    public Optional<CameraSpec> camera() {
        return definition.camera();
    }

    /** The file the profile was loaded from ({@code library/NAME.yaml} for the shipped library). */
    public Path file() {
        return definition.file();
    }

    /** Everything the profile says, including its test vectors. */
    public ProfileDefinition definition() {
        return definition;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Readings are in the metric's unit (converted from {@code convertFrom}, or from the unit a SenML record
     * names), timestamped with the payload's time or else {@code receivedAt}, GOOD when in range and BAD when not.
     *
     * @throws DecodeException as the codec rejects the payload, NOT_FINITE for NaN or infinity, WRONG_TYPE for a
     *                         unit that does not convert to the metric's, EMPTY when no metric was found
     */
    @Override
    public List<Reading> decodeTelemetry(String deviceId, byte[] payload, long receivedAt) throws DecodeException {
        List<Sample> samples = telemetry.decode(payload);
        List<Reading> readings = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            MetricBinding binding = bindings.get(sample.field());
            if (binding != null) { // codecs return declared fields only; the set check makes every field a metric
                readings.add(binding.read(deviceId, sample, receivedAt));
            }
        }
        if (readings.isEmpty()) {
            throw new DecodeException(RejectReason.EMPTY, "the payload holds none of the metrics of profile " + id());
        }
        return readings;
    }

    /**
     * The payload a device of this profile would send for these readings: values converted back to the device's
     * unit. For the simulator and for test vectors.
     *
     * @throws EncodeException when a reading's metric is not in this profile, or its value does not fit the field
     */
    public byte[] encodeTelemetry(List<Reading> readings) throws EncodeException {
        List<Sample> samples = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            MetricBinding binding = bindings.get(reading.metric());
            if (binding == null) {
                throw new EncodeException("profile " + id() + " has no metric '" + reading.metric() + "' (metrics: "
                        + String.join(", ", definition.metrics().keySet()) + ")");
            }
            samples.add(binding.write(reading));
        }
        return telemetry.encode(samples);
    }

    /**
     * The payload of a command.
     *
     * @param name       the command's name in the profile
     * @param parameters every parameter the command declares: numbers (whole for int) and booleans
     * @throws InvalidCommandException when there is no such command, or a parameter is unknown, missing, of the
     *                                 wrong type or out of range
     * @throws EncodeException         when the payload codec refuses the values
     */
    public byte[] encodeCommand(String name, Map<String, ?> parameters)
            throws InvalidCommandException, EncodeException {
        CommandEncoder encoder = commands.get(name);
        if (encoder == null) {
            throw new InvalidCommandException(InvalidCommandException.Reason.UNKNOWN_COMMAND, "profile " + id()
                    + " has no command '" + name + "' (commands: " + (commands.isEmpty() ? "none"
                    : String.join(", ", new java.util.TreeSet<>(commands.keySet()))) + ")");
        }
        return encoder.encode(parameters);
    }

    @Override
    public String toString() {
        return definition.toString();
    }
}
