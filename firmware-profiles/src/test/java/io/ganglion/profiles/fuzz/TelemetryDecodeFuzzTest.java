package io.ganglion.profiles.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.profiles.DecodeException;
import io.ganglion.profiles.Reading;
import io.ganglion.profiles.model.DeviceProfile;
import java.util.Arrays;
import java.util.List;

/**
 * Every codec (JSON, CBOR, SenML JSON, SenML CBOR, binary structs) through the real profiles of the library: the
 * first byte of the input picks the profile, the rest is the payload. A payload is decoded into well-formed readings
 * or rejected with a {@link DecodeException} that carries a reason and a message; anything else that comes out is a
 * finding. Seeds: every telemetry test vector of the library, prefixed with its profile's byte.
 */
class TelemetryDecodeFuzzTest {
    private static final long RECEIVED_AT = 1_732_700_000_000L;

    @FuzzTest(maxDuration = "3s")
    void decodes_into_readings_or_rejects_with_a_reason(byte[] input) {
        if (input.length == 0) {
            return;
        }
        DeviceProfile profile = FuzzProfiles.pick(input[0]);
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        List<Reading> readings;
        try {
            readings = profile.decodeTelemetry("fuzz-1", payload, RECEIVED_AT);
        } catch (DecodeException e) {
            assertThat(e.reason()).as("reject reason").isNotNull();
            assertThat(e.getMessage()).as("reject message").isNotBlank();
            return;
        }
        assertThat(readings).as("readings of an accepted payload").isNotEmpty();
        for (Reading reading : readings) {
            // Reading's constructor already refuses NaN, infinities and nulls; what is left is the profile's side.
            assertThat(reading.deviceId()).isEqualTo("fuzz-1");
            assertThat(profile.metrics()).as("metrics of " + profile.id()).containsKey(reading.metric());
            assertThat(reading.unit()).isEqualTo(profile.metrics().get(reading.metric()).unit());
        }
    }
}
