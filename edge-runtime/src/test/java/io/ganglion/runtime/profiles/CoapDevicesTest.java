package io.ganglion.runtime.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.drivers.coap.CoapReadTarget;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.DeviceConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which declared devices the gateway reads as a CoAP client, and where. */
class CoapDevicesTest {
    private static final Path CONFIG = Path.of("gateway.yaml");

    @TempDir
    Path dir;

    private ProfileCatalog catalog() throws Exception {
        Files.writeString(dir.resolve("airq-polled.yaml"), """
                id: airq-polled
                extends: airq-senml-cbor
                model: airq-polled-node
                transports:
                  coap: {telemetry: "/sensors/{deviceId}", poll: 30s}
                """);
        return new ProfileCatalog(ProfileSet.load(dir, ProfileSet.library()));
    }

    @Test
    void observed_and_polled_devices_are_read_at_their_address_plus_the_profile_path() throws Exception {
        List<CoapReadTarget> targets = CoapDevices.targets(List.of(
                new DeviceConfig("airq-1", "airq-senml-cbor", null, null, "coap://192.0.2.10:5683"),
                new DeviceConfig("airq-2", "airq-polled", null, null, "coap://192.0.2.11"),
                new DeviceConfig("cabinet-1", "json-telemetry"), // sends by itself
                new DeviceConfig("airq-3", null, "airq-node", "2.0.0", "coap://192.0.2.12")), // by model: not read
                catalog(), CONFIG);

        assertThat(targets).containsExactly(
                new CoapReadTarget("airq-1", URI.create("coap://192.0.2.10:5683/air"), true, Duration.ofMinutes(5)),
                new CoapReadTarget("airq-2", URI.create("coap://192.0.2.11/sensors/airq-2"), false,
                        Duration.ofSeconds(30)));
    }

    @Test
    void a_coaps_address_is_refused_for_reading_until_the_reader_speaks_dtls() throws Exception {
        ProfileCatalog profiles = catalog();
        assertThatThrownBy(() -> CoapDevices.targets(List.of(
                new DeviceConfig("airq-1", "airq-senml-cbor", null, null, "coaps://192.0.2.10")), profiles, CONFIG))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("devices[0].address")
                .hasMessageContaining("plain coap:// only");
    }
}
