package io.ganglion.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.GatewayConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link GatewayConfigLoader} on a gateway.yaml of fuzzed bytes, with a fixed environment so that {@code ${NAME}}
 * substitution runs too: it gives a configuration, or a {@link ConfigException} whose message names the file; any
 * other exception is a finding. Seeds: config/gateway.example.yaml and the complete example of
 * docs/configuration.md, cut into pieces.
 */
class GatewayConfigFuzzTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("GATEWAY_ID", "site-7", "HTTP_PORT", "8081",
            "SYNC_TOKEN", "s3cret", "EMPTY", "");
    private static final GatewayConfigLoader LOADER = new GatewayConfigLoader(ENVIRONMENT::get);
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "3s")
    void loads_or_names_the_file_in_its_error(byte[] input) throws IOException {
        Files.write(FILE, input);
        GatewayConfig config;
        try {
            config = LOADER.load(FILE);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as("message of a rejected file").contains("gateway.yaml");
            return;
        }
        assertThat(config).isNotNull();
        assertThat(config.gatewayId()).isNotBlank();
    }

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("config-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("gateway.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
