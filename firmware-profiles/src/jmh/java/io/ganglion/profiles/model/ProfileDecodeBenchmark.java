package io.ganglion.profiles.model;

import io.ganglion.profiles.JmhDefaults;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.codec.Codecs;
import io.ganglion.profiles.codec.PayloadCodec;
import io.ganglion.profiles.codec.Sample;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one device message through a whole shipped profile, {@link DeviceProfile#decodeTelemetry}, compared in
 * the same run with the bare codec of the profile's {@code telemetry} section decoding the same bytes. The difference
 * is what the profile adds: unit conversion, the range check and quality, the {@link Reading} objects.
 *
 * <p>Each payload is a test vector of the profile (named in {@link #VECTORS}), so it is a realistic message and stays
 * the one the library's tests check.
 */
public class ProfileDecodeBenchmark extends JmhDefaults {
    /** The test vector each benchmarked profile decodes. */
    private static final Map<String, String> VECTORS = Map.of(
            "bosch-bme280-json", "typical reading",
            "bosch-bme280-binary", "typical reading",
            "energy-meter-modbus", "a household load",
            "airq-senml-json", "typical minute");

    @Param({"bosch-bme280-json", "bosch-bme280-binary", "energy-meter-modbus", "airq-senml-json"})
    public String profileId;

    private DeviceProfile profile;
    private PayloadCodec codec;
    private byte[] payload;
    private long receivedAt;

    @Setup
    public void setUp() throws Exception {
        profile = ProfileSet.library().find(profileId)
                .orElseThrow(() -> new IllegalStateException("the library has no profile " + profileId));
        codec = Codecs.create(profile.definition().telemetry());
        TestVector vector = profile.definition().tests().stream()
                .filter(test -> test.name().equals(VECTORS.get(profileId)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("profile " + profileId + " has no test vector '"
                        + VECTORS.get(profileId) + "'"));
        payload = vector.bytes();
        receivedAt = vector.receivedAt();

        List<Reading> readings = profile.decodeTelemetry("dev-1", payload, receivedAt);
        List<Sample> samples = codec.decode(payload);
        if (readings.size() != vector.expect().size() || samples.size() != readings.size()) {
            throw new IllegalStateException("profile " + profileId + ", vector '" + vector.name() + "': expected "
                    + vector.expect().size() + " readings and as many samples, got " + readings.size() + " and "
                    + samples.size());
        }
    }

    @Benchmark
    public void profileDecode(Blackhole blackhole) throws Exception {
        blackhole.consume(profile.decodeTelemetry("dev-1", payload, receivedAt));
    }

    /** The comparison point: the profile's codec alone on the same bytes. */
    @Benchmark
    public void codecDecode(Blackhole blackhole) throws Exception {
        blackhole.consume(codec.decode(payload));
    }
}
