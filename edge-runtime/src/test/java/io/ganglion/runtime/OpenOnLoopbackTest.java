package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without tokens on loopback (the demo, every other test) the API stays open and nothing is marked insecure. */
class OpenOnLoopbackTest {
    @TempDir
    Path dir;

    @Test
    void loopback_without_tokens_is_open_and_not_insecure() throws Exception {
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "d1"), "test")) {
            assertThat(get(gateway, "/api/v1/devices").status()).isEqualTo(200);
            assertThat(get(gateway, "/metrics").status()).isEqualTo(200);
            assertThat(post(gateway, "/api/v1/devices/nobody/commands/on", "{}").status()).isEqualTo(404);
            JsonObject overview = get(gateway, "/api/v1/overview").json();
            assertThat(overview.getJsonArray("insecure")).isEmpty();
            assertThat(overview.getJsonArray("attention")).isEmpty();
            assertThat(get(gateway, "/api/v1/session").json().getBoolean("auth")).isFalse();
        }
    }
}
