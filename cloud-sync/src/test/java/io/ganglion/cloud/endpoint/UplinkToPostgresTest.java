package io.ganglion.cloud.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.cloud.sync.SyncStatus;
import io.ganglion.cloud.sync.UplinkClient;
import io.ganglion.cloud.sync.UplinkSettings;
import io.ganglion.cloud.wire.Alert;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.Summary;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way from a gateway's outbox to PostgreSQL, through a proxy that misbehaves the ways a site's uplink
 * does: replies cut after the endpoint committed (the endpoint "killed between commit and reply", as far as the
 * gateway can tell), then no connection at all for a while. Afterwards the cloud holds every record exactly once.
 */
class UplinkToPostgresTest {
    private static final long T0 = 1_795_000_000_000L;

    /** What the proxy does with the next connection. */
    enum Mode { PASS, CUT_REPLY, DOWN }

    @TempDir
    Path dir;
    private Vertx vertx;
    private String schema;
    private CloudEndpoint endpoint;
    private NetServer proxy;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.PASS);
    private final AtomicInteger cutReplies = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        schema = TestPostgres.freshSchemaName("uplink_pg");
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, 4L * 1024 * 1024,
                new CloudConfig.Storage(TestPostgres.config(schema), null), Batches.GATEWAYS, null);
        endpoint = CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS);
        proxy = vertx.createNetServer().connectHandler(this::relay).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            proxy.close().await(10, TimeUnit.SECONDS);
            endpoint.close().await(20, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
        } finally {
            TestPostgres.drop(schema);
        }
    }

    /** Forwards one connection to the endpoint, or cuts it as the current mode says. */
    private void relay(NetSocket client) {
        Mode now = mode.get();
        if (now == Mode.DOWN) {
            refused.incrementAndGet();
            client.close();
            return;
        }
        client.pause();
        vertx.createNetClient().connect(endpoint.port(), "127.0.0.1").onComplete(connected -> {
            if (connected.failed()) {
                client.close();
                return;
            }
            NetSocket upstream = connected.result();
            client.handler(upstream::write);
            client.closeHandler(v -> upstream.close());
            upstream.closeHandler(v -> client.close());
            upstream.handler(reply -> {
                if (now == Mode.CUT_REPLY) {
                    // The endpoint answered, so it committed; the gateway never hears it.
                    cutReplies.incrementAndGet();
                    client.close();
                    upstream.close();
                } else {
                    client.write(reply);
                }
            });
            client.resume();
        });
    }

    @Test
    void every_record_lands_exactly_once_through_cut_replies_and_an_outage() throws Exception {
        int summaries = 400;
        try (Outbox outbox = Outbox.open(OutboxSettings.of(dir.resolve("outbox.db")), Clock.systemUTC())
                .toCompletableFuture().get(20, TimeUnit.SECONDS)) {
            List<Payload> payloads = new ArrayList<>();
            for (int i = 0; i < summaries; i++) {
                long start = T0 + (i / 8) * 60_000L;
                payloads.add(new Summary("node-" + (i % 8), "temperature", "Cel", start, start + 60_000, 6,
                        20 + i % 5, 25 + i % 5, 135 + 6 * (i % 5), 21, start + 1_000, 24, start + 59_000));
            }
            outbox.append(payloads.toArray(Payload[]::new)).toCompletableFuture().get(20, TimeUnit.SECONDS);

            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.actualPort());
            UplinkSettings settings = UplinkSettings.of(viaProxy, "gw-1", Batches.TOKEN_1)
                    .withBatch(50, 512 * 1024)
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(300))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(50));
            mode.set(Mode.CUT_REPLY);
            UplinkClient client = new UplinkClient(vertx, outbox, settings, Clock.systemUTC());
            client.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> cutReplies.get() >= 3);
                mode.set(Mode.DOWN);
                // Alerts raised while the uplink is down jump the queue when it is back.
                outbox.append(new Alert("node-3", "critical", "temperature_high", "above 60 Cel", T0 + 10_000),
                        new Alert("node-5", "warning", "battery_low", "3.1 V", T0 + 11_000))
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(20)).until(() -> refused.get() >= 3);
                SyncStatus during = client.status().await(10, TimeUnit.SECONDS);
                assertThat(during.consecutiveFailures()).isPositive();
                assertThat(during.backlogRecords()).isPositive();
                mode.set(Mode.PASS);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    SyncStatus status = client.status().await(10, TimeUnit.SECONDS);
                    assertThat(status.backlogRecords()).isZero();
                    assertThat(status.inFlightRecords()).isZero();
                });
            } finally {
                client.stop().await(20, TimeUnit.SECONDS);
            }
        }

        Pool pool = TestPostgres.pool(vertx);
        try {
            assertThat(count(pool, "SELECT count(*) FROM " + schema + ".summaries WHERE gateway = 'gw-1'"))
                    .isEqualTo(summaries);
            assertThat(count(pool, "SELECT count(DISTINCT seq) FROM " + schema + ".summaries"))
                    .isEqualTo(summaries);
            assertThat(count(pool, "SELECT count(*) FROM " + schema + ".alerts")).isEqualTo(2);
            assertThat(count(pool, "SELECT count(*) FROM " + schema + ".received")).isEqualTo(summaries + 2);
            // The windows as the gateway summarised them: 50 per node, each counted once.
            assertThat(count(pool, "SELECT count(*) FROM (SELECT device, window_start FROM " + schema
                    + ".summaries GROUP BY device, window_start HAVING count(*) > 1) d")).isZero();
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
        assertThat(cutReplies.get()).as("batches committed whose reply was lost, then re-sent")
                .isGreaterThanOrEqualTo(3);
    }

    private static long count(Pool pool, String sql) throws Exception {
        return pool.query(sql).execute().await(20, TimeUnit.SECONDS).iterator().next().getLong(0);
    }
}
