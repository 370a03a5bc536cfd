package io.ganglion.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example configuration and the configuration reference are shipped to users: keep them true. */
class ShippedConfigurationTest {
    private static final Path REPOSITORY = repositoryRoot();
    private static final Map<String, String> ENVIRONMENT = Map.of("MQTT_PASSWORD", "example-password",
            "ENV7_PSK", "hex:00112233445566778899aabbccddeeff", "SYNC_TOKEN", "example-token");

    @TempDir
    Path dir;

    @Test
    void the_example_configuration_loads_with_an_external_broker() throws Exception {
        GatewayConfig config = new GatewayConfigLoader(ENVIRONMENT::get)
                .load(REPOSITORY.resolve("config/gateway.example.yaml"));

        assertThat(config.gatewayId()).isEqualTo("crossing-12");
        assertThat(config.mqtt().usesExternalBroker()).isTrue();
        assertThat(config.mqtt().broker().username()).isEqualTo("ganglion");
        assertThat(config.mqtt().broker().password()).isEqualTo("example-password");
        assertThat(config.devices()).isNotEmpty();
        assertThat(config.store().quotaBytes()).isEqualTo(8L << 30);
        assertThat(config.coap().settings().psk().get("env-7"))
                .isEqualTo(java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        assertThat(config.sync().enabled()).isTrue();
        assertThat(config.sync().token()).isEqualTo("example-token");
        assertThat(config.sync().toString()).doesNotContain("example-token");
        assertThat(config.sync().outboxFile(config.store().path()))
                .isEqualTo(config.store().path().resolveSibling("outbox.db"));
    }

    @Test
    void the_reference_shows_the_example_file_as_it_is() throws Exception {
        String example = Files.readString(REPOSITORY.resolve("config/gateway.example.yaml"));

        assertThat(reference()).contains("## Complete example").contains("```yaml\n" + example + "```");
    }

    @Test
    void the_reference_documents_every_key() throws Exception {
        String reference = reference();

        assertThat(ConfigSchema.allKeys(GatewayConfig.class)).hasSizeGreaterThan(40)
                .allSatisfy(key -> assertThat(reference).as("docs/configuration.md documents %s", key)
                        .contains("| `" + key + "` |"));
    }

    @Test
    void the_error_examples_in_the_reference_match_real_messages() throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "http:\n  hots: 127.0.0.1\n");
        String message = messageFor(file);

        assertThat(message).startsWith(file.toString());
        assertThat(reference()).contains("gateway.yaml" + message.substring(file.toString().length()));
    }

    private static String messageFor(Path file) {
        try {
            new GatewayConfigLoader(ENVIRONMENT::get).load(file);
            throw new AssertionError("expected an error for " + file);
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    private static String reference() throws IOException {
        return Files.readString(REPOSITORY.resolve("docs/configuration.md"));
    }

    /** Tests run in the module directory; the repository root is the nearest parent holding config/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/gateway.example.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no config/gateway.example.yaml above " + Path.of("").toAbsolutePath());
    }
}
