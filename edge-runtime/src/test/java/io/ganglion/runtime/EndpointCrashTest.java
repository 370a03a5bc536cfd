package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.cloud.sync.Outbox;
import io.ganglion.cloud.sync.OutboxSettings;
import io.ganglion.cloud.sync.UplinkClient;
import io.ganglion.cloud.sync.UplinkSettings;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.Summary;
import io.ganglion.runtime.cli.GanglionCommand;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud endpoint killed for real: a `ganglion cloud` process on PostgreSQL is killed with SIGKILL at random
 * moments while a gateway's uplink drains its outbox into it, and started again on the same port. Some kills land
 * between a batch's commit and its reply: the gateway sends that batch again and the endpoint must acknowledge it
 * without storing it twice. At the end every record is in PostgreSQL exactly once.
 */
class EndpointCrashTest {
    private static final String TOKEN = "endpoint-crash-token-0123456789";
    private static final String GATEWAY = "crash-gw";
    private static final int RECORDS = 20_000;
    private static final int KILLS = 5;
    private static final long T0 = 1_795_000_000_000L;

    @TempDir
    Path dir;

    private final String schema = "endpoint_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void dropSchema() throws Exception {
        try {
            Pool pool = pool();
            pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute().eventually(pool::close)
                    .await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void every_record_is_stored_once_across_repeated_kill_9_of_the_endpoint() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("cloud.yaml");
        Files.writeString(config, String.join("\n",
                "http: {host: 127.0.0.1, port: " + port + "}",
                "storage:",
                "  postgres: {host: 127.0.0.1, port: 5432, database: test, user: postgres, schema: " + schema + "}",
                "gateways:",
                "  " + GATEWAY + ": " + TOKEN,
                ""));
        long seed = System.nanoTime();
        System.out.println("EndpointCrashTest: seed " + seed);
        Random random = new Random(seed);

        try (Outbox outbox = Outbox.open(OutboxSettings.of(dir.resolve("outbox.db")), Clock.systemUTC())
                .toCompletableFuture().get(30, TimeUnit.SECONDS)) {
            List<Payload> backlog = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                long start = T0 + (i / 50) * 60_000L;
                backlog.add(new Summary("node-" + (i % 50), "temperature", "Cel", start, start + 60_000, 60, 1, 2,
                        90, 1.5, start, 1.5, start + 59_000));
            }
            outbox.append(backlog.toArray(Payload[]::new)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            UplinkClient uplink = new UplinkClient(vertx, outbox, UplinkSettings.of(
                    URI.create("http://127.0.0.1:" + port), GATEWAY, TOKEN)
                    .withBatch(100, 1 << 20).withDrain(1_000_000)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC());
            uplink.start();
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    Process endpoint = startEndpoint(config, dir.resolve("cloud-" + kill + ".log"));
                    Thread.sleep(300 + random.nextInt(700)); // mid-drain: requests are in flight all the time
                    endpoint.destroyForcibly();
                    endpoint.waitFor(30, TimeUnit.SECONDS);
                }
                Process last = startEndpoint(config, dir.resolve("cloud-last.log"));
                try {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        var status = uplink.status().await(10, TimeUnit.SECONDS);
                        return status.backlogRecords() == 0 && status.inFlightRecords() == 0;
                    });
                    var status = uplink.status().await(10, TimeUnit.SECONDS);
                    assertThat(status.ackedRecords()).isEqualTo(RECORDS);
                    assertThat(status.failuresTotal()).as("requests that failed on the kills").isPositive();
                } finally {
                    last.destroy();
                    last.waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                uplink.stop().await(10, TimeUnit.SECONDS);
            }
        }

        Pool pool = pool();
        try {
            Row summaries = pool.query("SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM " + schema
                    + ".summaries WHERE gateway = '" + GATEWAY + "'").execute().await(30, TimeUnit.SECONDS)
                    .iterator().next();
            assertThat(summaries.getLong(0)).as("summary rows").isEqualTo(RECORDS);
            assertThat(summaries.getLong(1)).as("distinct sequence numbers").isEqualTo(RECORDS);
            assertThat(summaries.getLong(2)).isEqualTo(1);
            assertThat(summaries.getLong(3)).isEqualTo(RECORDS);
            Row gateway = pool.query("SELECT records, highest_seq FROM " + schema + ".gateways WHERE id = '"
                    + GATEWAY + "'").execute().await(30, TimeUnit.SECONDS).iterator().next();
            assertThat(gateway.getLong(0)).as("records the endpoint counted as stored").isEqualTo(RECORDS);
            assertThat(gateway.getLong(1)).isEqualTo(RECORDS);
        } finally {
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** `ganglion cloud` in a child JVM, once it listens. */
    private static Process startEndpoint(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                GanglionCommand.class.getName(), "cloud", "--config", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (line.contains("cloud endpoint listening on")) {
                        listening.complete(null);
                    }
                }
            } catch (Exception e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the endpoint exited"));
        }, "cloud-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("ganglion cloud did not start; its output:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
        return process;
    }

    private Pool pool() {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(5432)
                .setDatabase("test").setUser("postgres")).using(vertx).build();
    }
}
