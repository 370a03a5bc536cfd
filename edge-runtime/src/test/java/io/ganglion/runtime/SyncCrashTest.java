package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once, under kill -9: a gateway process summarises what devices publish over MQTT and syncs it to the real
 * cloud endpoint on PostgreSQL; it is killed with SIGKILL at a random moment, started again, killed again, and so on.
 * At the end the cloud must hold, for every device, metric and window, exactly the readings the gateway's store holds
 * (count, sum, min and max over all the summaries of that window, corrections and partial windows included): none
 * lost, none counted twice.
 *
 * <p>{@value #DEFAULT_TRIALS} trials by default; {@code -Dganglion.syncCrashTrials=25} (the {@code long-tests}
 * profile sets it) for the long run. The seed is printed, and {@code -Dganglion.syncCrashSeed=N} repeats a run.
 */
class SyncCrashTest {
    private static final int DEFAULT_TRIALS = 3;
    private static final String TOKEN = "crash-sync-token-0123456789";
    private static final String GATEWAY = "crash-sync";
    private static final int DEVICES = 4;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final String schema = "sync_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Vertx cloudVertx;
    private CloudEndpoint endpoint;

    @BeforeEach
    void startCloud() throws Exception {
        cloudVertx = Vertx.vertx();
        CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", 0), null, null,
                new CloudConfig.Storage(new CloudConfig.Postgres("127.0.0.1", 5432, "test", "postgres", "", 4,
                        schema), null), Map.of(GATEWAY, TOKEN), null);
        endpoint = CloudEndpoint.start(cloudVertx, config).await(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopCloud() throws Exception {
        try {
            endpoint.close().await(30, TimeUnit.SECONDS);
            Pool pool = pool(cloudVertx);
            pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().eventually(pool::close)
                    .await(30, TimeUnit.SECONDS);
        } finally {
            cloudVertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private Path writeConfig() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        StringBuilder devices = new StringBuilder();
        for (int d = 0; d < DEVICES; d++) {
            devices.append(d == 0 ? "" : ", ").append("{id: dev-").append(d).append(", profile: json-telemetry}");
        }
        Files.writeString(config, String.join("\n",
                "gatewayId: " + GATEWAY,
                "http: {host: 127.0.0.1, port: 0}",
                "mqtt: {endpoint: {host: 127.0.0.1, port: 0}}",
                "coap: {host: 127.0.0.1, port: 0}",
                "store: {path: '" + dir.resolve("gw.db") + "', synchronous: full}",
                "devices: [" + devices + "]",
                "sync:",
                "  endpoint: " + endpoint.url(),
                "  token: " + TOKEN,
                // Short windows, so that a run of seconds closes, sends and restores many of them.
                "  window: 1s",
                "  lateness: 300ms",
                "  drainRecordsPerSecond: 100000",
                "  batch: {maxRecords: 50}",
                "  backoff: {base: 50ms, cap: 200ms}",
                ""));
        return config;
    }

    /** A device publishing QoS1 readings (device time: now) one after the other until stopped or disconnected. */
    private static final class Publisher extends Thread {
        private final TestDevice device;
        private final int index;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong acknowledged = new AtomicLong();

        Publisher(int mqttPort, int index) throws Exception {
            super("crash-sync-dev-" + index);
            this.device = new TestDevice("tcp://127.0.0.1:" + mqttPort, "dev-" + index);
            this.index = index;
        }

        @Override
        public void run() {
            long i = 0;
            while (running.get()) {
                double temperature = 20 + index + (i % 17) * 0.25;
                double humidity = 50 - index - (i % 11) * 0.5;
                try {
                    device.send("{\"ts\": " + System.currentTimeMillis() + ", \"temperature\": " + temperature
                            + ", \"humidity\": " + humidity + "}", 1);
                    acknowledged.incrementAndGet();
                } catch (Exception e) {
                    return; // the gateway was killed
                }
                i++;
            }
        }

        void finish() throws Exception {
            running.set(false);
            join(15_000);
            try {
                device.client.disconnectForcibly(0, 1_000, false);
            } catch (Exception alreadyGone) {
                // the gateway is gone: nothing to disconnect from
            }
            device.client.close(true);
        }
    }

    @Test
    void the_cloud_holds_every_reading_once_after_repeated_kill_9() throws Exception {
        int trials = Integer.getInteger("ganglion.syncCrashTrials", DEFAULT_TRIALS);
        long seed = Long.getLong("ganglion.syncCrashSeed", System.nanoTime());
        System.out.printf("SyncCrashTest: %d trials, seed %d%n", trials, seed);
        Random random = new Random(seed);
        Path config = writeConfig();
        long published = 0;
        for (int trial = 0; trial < trials; trial++) {
            try (GatewayProcess gateway = GatewayProcess.start(config, dir.resolve("gateway-" + trial + ".log"))) {
                List<Publisher> publishers = new ArrayList<>();
                for (int d = 0; d < DEVICES; d++) {
                    Publisher p = new Publisher(gateway.mqttPort, d);
                    publishers.add(p);
                    p.start();
                }
                // Anywhere in the cycle: mid-window, mid-checkpoint, mid-request, mid-catch-up after the last kill.
                Thread.sleep(300 + random.nextInt(2_700));
                gateway.kill();
                for (Publisher p : publishers) {
                    p.finish();
                    published += p.acknowledged.get();
                }
            }
        }
        assertThat(published).as("readings acknowledged over %d trials", trials).isGreaterThan(100L * trials);

        // A last run with no devices: what was open at the last kill is restored, closes by the clock and is sent.
        GatewayProcess last = GatewayProcess.start(config, dir.resolve("gateway-last.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonObject sync = syncStatus(last.httpPort);
                return sync.getJsonObject("windows").getInteger("openWindows") == 0
                        && sync.getLong("backlogRecords") == 0 && sync.getLong("inFlightRecords") == 0;
            });
            JsonObject sync = syncStatus(last.httpPort);
            assertThat(sync.getLong("missedReadings")).as("readings evicted before summarised").isZero();
            assertThat(last.terminate()).isEqualTo(143);
        } finally {
            last.close();
        }

        Map<WindowKey, Figures> stored = storedWindows(dir.resolve("gw.db"));
        Map<WindowKey, Figures> cloud = cloudWindows();
        assertThat(stored).isNotEmpty();
        assertThat(cloud.keySet()).as("windows in the cloud vs. in the store").isEqualTo(stored.keySet());
        stored.forEach((key, want) -> {
            Figures got = cloud.get(key);
            assertThat(got.count()).as("readings of %s in the cloud's summaries", key).isEqualTo(want.count());
            assertThat(got.min()).as("min of %s", key).isEqualTo(want.min());
            assertThat(got.max()).as("max of %s", key).isEqualTo(want.max());
            assertThat(got.sum()).as("sum of %s", key).isCloseTo(want.sum(),
                    org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(want.sum()))));
        });
    }

    record WindowKey(String device, String metric, long windowStart) {
    }

    record Figures(long count, double sum, double min, double max) {
    }

    private static JsonObject syncStatus(int httpPort) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/v1/sync")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** The ground truth: what the gateway's store committed, per device, metric and 1 s window. */
    private static Map<WindowKey, Figures> storedWindows(Path db) throws Exception {
        Map<WindowKey, Figures> windows = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s.device_id, s.metric, (r.ts / 1000) * 1000, count(*),"
                     + " sum(r.value), min(r.value), max(r.value) FROM readings r JOIN series s ON s.id = r.series_id"
                     + " WHERE r.quality <> 2 GROUP BY 1, 2, 3")) {
            while (rs.next()) {
                windows.put(new WindowKey(rs.getString(1), rs.getString(2), rs.getLong(3)),
                        new Figures(rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
            }
        }
        return windows;
    }

    /** What the cloud holds, every summary of a window merged (late corrections and partial windows are summaries). */
    private Map<WindowKey, Figures> cloudWindows() throws Exception {
        Pool pool = pool(cloudVertx);
        try {
            Map<WindowKey, Figures> windows = new HashMap<>();
            for (Row row : pool.query("SELECT device, metric, window_start, sum(count)::bigint, sum(sum), min(min),"
                    + " max(max) FROM " + schema + ".summaries WHERE gateway = '" + GATEWAY + "' GROUP BY 1, 2, 3")
                    .execute().await(30, TimeUnit.SECONDS)) {
                windows.put(new WindowKey(row.getString(0), row.getString(1), row.getLong(2)),
                        new Figures(row.getLong(3), row.getDouble(4), row.getDouble(5), row.getDouble(6)));
            }
            return windows;
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Pool pool(Vertx vertx) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432)
                .setDatabase("test").setUser("postgres")).using(vertx).build();
    }
}
