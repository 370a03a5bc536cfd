package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.SyncConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The secrets a gateway holds besides operator tokens (those are OperatorAuthTest's): the sync token and CoAPS keys
 * appear in no API answer and no log line, also while the cloud endpoint refuses the token and sync retries.
 */
class SecretsTest {
    private static final String SYNC_TOKEN = "sync-secret-token-4f1c9a77";
    private static final String PSK = "coaps-secret-key-d1-8b2e";

    @TempDir
    Path dir;

    @Test
    void the_sync_token_and_coaps_keys_are_in_no_answer_and_no_log_line() throws Exception {
        // A cloud endpoint that knows another token, as for a revoked one: sync's refusals and retries are logged.
        CloudDouble cloud = new CloudDouble("another-token-0123456789");
        String url = cloud.start();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
        try (Gateway gateway = Gateway.start(config(url), "test")) {
            SyncWiringTest.publish(gateway, "d1");
            await().atMost(Duration.ofSeconds(30)).until(() -> GatewayFixture.metric(gateway,
                    "ganglion_sync_failures_total") + GatewayFixture.metric(gateway, "ganglion_sync_refused_total") > 0);

            StringBuilder answers = new StringBuilder();
            for (String path : List.of("/api/v1/health", "/api/v1/overview", "/api/v1/profiles", "/api/v1/devices",
                    "/api/v1/devices/d1", "/api/v1/sync", "/metrics")) {
                answers.append(get(gateway, path).body());
            }

            assertThat(answers.toString()).contains("d1").doesNotContain(SYNC_TOKEN, PSK);
            assertThat(gateway.config().toString()).doesNotContain(SYNC_TOKEN, PSK);
        } finally {
            root.detachAppender(logs);
            cloud.close();
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).as("the refusal was logged")
                .anyMatch(line -> line.contains("401"));
        assertThat(logs.list).as("log lines").allSatisfy(event -> {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).doesNotContain(SYNC_TOKEN, PSK);
        });
    }

    private GatewayConfig config(String cloud) {
        GatewayConfig base = GatewayFixture.embedded(dir, "d1");
        CoapConfig coaps = new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null, null, null, null,
                Map.of("d1", PSK));
        return new GatewayConfig(base.gatewayId(), base.http(), base.mqtt(), coaps, base.store(), base.ingest(),
                base.profiles(), base.devices(), base.logging(), base.commands())
                .withSync(new SyncConfig(null, cloud, SYNC_TOKEN, null, null, Duration.ofMillis(SyncWiringTest.WINDOW),
                        Duration.ofMillis(200), null, 1000,
                        new SyncConfig.BackoffConfig(Duration.ofMillis(50), Duration.ofMillis(200))));
    }
}
