package io.ganglion.profiles.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.codec.CodecKind;
import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.codec.EncodeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the test vectors of profiles. A telemetry vector runs both ways: its payload must decode to the expected
 * readings (value within 1e-9 relative, or within what the payload field can resolve: half a scaled integer's step,
 * float32 rounding; the timestamp if given; the quality), and those readings, encoded again and decoded, must give the
 * same readings; a binary payload must re-encode to the very same bytes. A reject vector must be refused with its
 * reason. A command vector must encode to exactly its payload (JSON compared as JSON values).
 */
public final class TestVectors {
    /** The device id vectors decode as. */
    public static final String DEVICE_ID = "test-vector";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double RELATIVE = 1e-9;
    private static final double ABSOLUTE = 1e-12;

    private TestVectors() {
    }

    /** Every vector of every usable profile of the set, profile by profile in load order. */
    public static List<VectorResult> run(ProfileSet set) {
        List<VectorResult> results = new ArrayList<>();
        set.all().forEach(profile -> results.addAll(run(profile)));
        return results;
    }

    /** Every vector of one profile, inherited ones first. */
    public static List<VectorResult> run(DeviceProfile profile) {
        List<VectorResult> results = new ArrayList<>();
        for (ProfileDefinition.PlacedVector placed : profile.definition().placedTests()) {
            TestVector vector = placed.vector();
            String difference = vector.isCommand() ? runCommand(profile, vector) : runTelemetry(profile, vector);
            results.add(difference.isEmpty()
                    ? VectorResult.pass(profile.id(), vector.name(), placed.location())
                    : VectorResult.fail(profile.id(), vector.name(), placed.location(), difference));
        }
        return results;
    }

    private static String runTelemetry(DeviceProfile profile, TestVector vector) {
        byte[] payload = vector.bytes();
        List<Reading> readings;
        try {
            readings = profile.decodeTelemetry(DEVICE_ID, payload, vector.receivedAt());
        } catch (DecodeException e) {
            if (vector.reject() == null) {
                return "expected readings, got reject " + e.reason().label() + ": " + e.getMessage();
            }
            return e.reason() == vector.reject() ? ""
                    : "expected reject " + vector.reject().label() + ", got reject " + e.reason().label() + ": "
                    + e.getMessage();
        }
        if (vector.reject() != null) {
            return "expected reject " + vector.reject().label() + ", got readings " + describe(readings);
        }
        List<String> differences = new ArrayList<>();
        compareToExpected(profile, vector, readings, differences);
        if (differences.isEmpty()) {
            roundTrip(profile, vector, payload, readings, differences);
        }
        return String.join("; ", differences);
    }

    private static void compareToExpected(DeviceProfile profile, TestVector vector, List<Reading> readings,
            List<String> differences) {
        Map<String, List<Reading>> byMetric = readings.stream()
                .collect(Collectors.groupingBy(Reading::metric, LinkedHashMap::new, Collectors.toList()));
        vector.expect().forEach((metric, expected) -> {
            List<Reading> decoded = byMetric.getOrDefault(metric, List.of());
            if (decoded.isEmpty()) {
                differences.add(metric + ": expected " + ValueRange.format(expected.value()) + ", got no reading");
            } else if (decoded.size() > 1) {
                differences.add(metric + ": decoded " + decoded.size() + " times (" + describe(decoded)
                        + "); a vector expects one value per metric");
            } else {
                Reading reading = decoded.get(0);
                double tolerance = tolerance(profile, metric, expected.value());
                if (Math.abs(reading.value() - expected.value()) > tolerance) {
                    differences.add(metric + ": expected " + ValueRange.format(expected.value()) + ", got "
                            + ValueRange.format(reading.value()) + " (tolerance " + tolerance + ")");
                }
                if (reading.quality() != expected.quality()) {
                    differences.add(metric + ": expected quality " + label(expected.quality()) + ", got "
                            + label(reading.quality()) + " (" + ValueRange.format(reading.value()) + ")");
                }
                if (vector.timestamp() != null && reading.timestamp() != vector.timestamp()) {
                    differences.add(metric + ": expected timestamp " + vector.timestamp() + ", got "
                            + reading.timestamp());
                }
            }
        });
        byMetric.keySet().stream().filter(metric -> !vector.expect().containsKey(metric)).forEach(metric ->
                differences.add("unexpected reading " + describe(byMetric.get(metric))));
    }

    /** Encode the decoded readings, decode them again: the profile must read what it writes. */
    private static void roundTrip(DeviceProfile profile, TestVector vector, byte[] payload, List<Reading> readings,
            List<String> differences) {
        byte[] encoded;
        List<Reading> again;
        try {
            encoded = profile.encodeTelemetry(readings);
            again = profile.decodeTelemetry(DEVICE_ID, encoded, vector.receivedAt());
        } catch (EncodeException | DecodeException e) {
            differences.add("round trip: " + e.getMessage());
            return;
        }
        if (profile.definition().telemetry().codec() == CodecKind.BINARY && !Arrays.equals(payload, encoded)) {
            differences.add("round trip: re-encoded bytes differ: expected " + hex(payload) + ", got "
                    + hex(encoded));
        }
        Comparator<Reading> byMetric = Comparator.comparing(Reading::metric).thenComparingLong(Reading::timestamp);
        List<Reading> before = readings.stream().sorted(byMetric).collect(Collectors.toList());
        List<Reading> after = again.stream().sorted(byMetric).collect(Collectors.toList());
        boolean same = before.size() == after.size();
        for (int i = 0; same && i < before.size(); i++) {
            Reading a = before.get(i);
            Reading b = after.get(i);
            same = a.metric().equals(b.metric()) && a.timestamp() == b.timestamp() && a.quality() == b.quality()
                    && Math.abs(a.value() - b.value()) <= tolerance(profile, a.metric(), a.value());
        }
        if (!same) {
            differences.add("round trip: decoding the re-encoded payload gave " + describe(after) + " instead of "
                    + describe(before));
        }
    }

    /** 1e-9 relative, or what the payload field resolves, converted to the metric's unit. */
    private static double tolerance(DeviceProfile profile, String metric, double value) {
        double tolerance = Math.max(RELATIVE * Math.abs(value), ABSOLUTE);
        CodecSpec telemetry = profile.definition().telemetry();
        MetricSpec spec = profile.metrics().get(metric);
        if (spec != null && telemetry.fields().containsKey(metric)) {
            UnitConversion conversion = spec.conversion();
            double raw = conversion.invert(value);
            double fieldTolerance = FieldCapacity.of(telemetry, telemetry.fields().get(metric)).tolerance(raw);
            tolerance = Math.max(tolerance, fieldTolerance * Math.abs(conversion.scale()) * (1 + RELATIVE));
        }
        return tolerance;
    }

    private static String runCommand(DeviceProfile profile, TestVector vector) {
        byte[] encoded;
        try {
            encoded = profile.encodeCommand(vector.command(), vector.parameters());
        } catch (InvalidCommandException | EncodeException e) {
            return "cannot encode: " + e.getMessage();
        }
        byte[] expected = vector.bytes();
        CodecKind codec = profile.commands().get(vector.command()).payload().codec();
        if (codec == CodecKind.JSON || codec == CodecKind.SENML_JSON) {
            return compareJson(expected, encoded);
        }
        return Arrays.equals(expected, encoded) ? "" : "expected " + hex(expected) + ", got " + hex(encoded);
    }

    private static String compareJson(byte[] expected, byte[] encoded) {
        JsonNode want;
        try {
            want = JSON.readTree(expected);
        } catch (IOException e) {
            return "the vector's payload is not JSON: " + e.getMessage();
        }
        JsonNode got;
        try {
            got = JSON.readTree(encoded);
        } catch (IOException e) {
            return "the command encoded to something that is not JSON: " + new String(encoded, StandardCharsets.UTF_8);
        }
        // 60 and 60.0 are the same JSON value to every device that reads numbers.
        Comparator<JsonNode> numeric = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        return want.equals(numeric, got) ? "" : "expected " + want + ", got " + got;
    }

    private static String describe(List<Reading> readings) {
        return readings.stream().map(r -> r.metric() + "=" + ValueRange.format(r.value())
                        + (r.unit().isEmpty() ? "" : " " + r.unit()) + " (" + label(r.quality()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
