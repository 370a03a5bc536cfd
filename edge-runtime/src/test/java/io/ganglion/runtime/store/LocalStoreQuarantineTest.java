package io.ganglion.runtime.store;

import static io.ganglion.runtime.store.StoreTestSupport.CLOCK;
import static io.ganglion.runtime.store.StoreTestSupport.config;
import static io.ganglion.runtime.store.StoreTestSupport.connect;
import static io.ganglion.runtime.store.StoreTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.runtime.config.StoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreQuarantineTest {
    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void quarantines_a_corrupt_file_and_starts_fresh() throws Exception {
        StoreConfig cfg = config(dir);
        Path file = cfg.path();
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[8192];
        Arrays.fill(garbage, (byte) 0x5A);
        Files.write(file, garbage);
        Files.writeString(file.resolveSibling("ganglion.db-wal"), "not a WAL either");

        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            Path kept = dir.resolve("data").resolve("ganglion.db.corrupt-20250301T123456Z");
            assertThat(store.quarantinedFile()).contains(kept);
            assertThat(store.stats().quarantinedFile()).contains(kept);
            assertThat(sha256(kept)).isEqualTo(sha256(garbage)); // moved intact, not deleted
            assertThat(kept.resolveSibling(kept.getFileName() + "-wal")).hasContent("not a WAL either");
            assertThat(registry.get("ganglion.store.quarantined").counter().count()).isEqualTo(1.0);

            StoreWrite w = message("th-1", 0, 2);
            assertThat(store.offer(w)).isTrue();
            w.done().get(5, TimeUnit.SECONDS);
            assertThat(store.readingCount()).isEqualTo(2);
        }
        try (LocalStore again = LocalStore.open(cfg, registry, CLOCK)) {
            assertThat(again.quarantinedFile()).isEmpty(); // the fresh file is healthy
            assertThat(again.readingCount()).isEqualTo(2);
        }
    }

    @Test
    void quarantines_a_truncated_database() throws Exception {
        StoreConfig cfg = config(dir);
        Path file = cfg.path();
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                StoreWrite w = message("th-" + (i % 7), i * 100L, 100);
                assertThat(store.offer(w)).isTrue();
                done.add(w.done());
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        long size = Files.size(file);
        assertThat(size).isGreaterThan(200_000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2); // a copy cut short, or a file system that lost its tail
        }

        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            assertThat(store.quarantinedFile()).hasValueSatisfying(kept -> {
                assertThat(kept.getFileName().toString()).startsWith("ganglion.db.corrupt-");
                assertThat(kept).hasSize(size / 2);
            });
            assertThat(store.readingCount()).isZero();
            assertThat(store.devices()).isEmpty();
        }
    }

    @Test
    void keeps_a_second_quarantined_copy_beside_the_first() throws Exception {
        StoreConfig cfg = config(dir);
        Files.createDirectories(cfg.path().getParent());
        for (int round = 0; round < 2; round++) {
            Files.writeString(cfg.path(), "garbage round " + round + " ".repeat(200));
            try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
                assertThat(store.quarantinedFile()).isPresent();
            }
        }
        try (Stream<Path> files = Files.list(cfg.path().getParent())) {
            List<String> kept = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".corrupt-") && !n.endsWith("-wal") && !n.endsWith("-shm")).sorted()
                    .toList();
            assertThat(kept).containsExactly("ganglion.db.corrupt-20250301T123456Z",
                    "ganglion.db.corrupt-20250301T123456Z-1");
        }
        assertThat(registry.get("ganglion.store.quarantined").counter().count()).isEqualTo(2.0);
    }

    @Test
    void refuses_a_database_from_a_newer_version() throws Exception {
        StoreConfig cfg = config(dir);
        Files.createDirectories(cfg.path().getParent());
        try (Connection c = connect(cfg.path()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE readings_v9 (x)");
            s.execute("PRAGMA user_version = 9");
        }
        String before = sha256(cfg.path());

        assertThatThrownBy(() -> LocalStore.open(cfg, registry, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 9")
                .hasMessageContaining("up to " + Schema.CURRENT_VERSION)
                .hasMessageContaining(cfg.path().getFileName().toString());

        // Refused, not "repaired": the file is untouched and nothing was quarantined.
        assertThat(sha256(cfg.path())).isEqualTo(before);
        try (Stream<Path> files = Files.list(cfg.path().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
        }
        assertThat(registry.get("ganglion.store.quarantined").counter().count()).isZero();
    }

    @Test
    void creates_the_schema_once_and_keeps_data_across_reopen() throws Exception {
        StoreConfig cfg = config(dir);
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            StoreWrite w = message("th-1", 0, 3);
            assertThat(store.offer(w)).isTrue();
            w.done().get(5, TimeUnit.SECONDS);
        }
        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            assertThat(store.quarantinedFile()).isEmpty();
            assertThat(store.readingCount()).isEqualTo(3);
        }
        try (Connection c = connect(cfg.path()); Statement s = c.createStatement()) {
            assertThat(Schema.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
            var rs = s.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
        assertThat(new String(Files.readAllBytes(cfg.path()), 0, 15, StandardCharsets.US_ASCII))
                .isEqualTo("SQLite format 3");
    }

    @Test
    void upgrades_a_version_1_store_and_keeps_its_data() throws Exception {
        StoreConfig cfg = config(dir);
        // A store as release 0.1 left it: schema version 1, one device with readings.
        Files.createDirectories(cfg.path().getParent());
        try (Connection c = connect(cfg.path()); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0).statements()) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO devices VALUES ('th-1', 'mqtt', 'json-telemetry', 1000, 2000)");
            s.execute("INSERT INTO series VALUES (1, 'th-1', 'temperature', '')");
            s.execute("INSERT INTO readings VALUES (1, 1, 1000, 21.5, 0, 1000)");
        }

        try (LocalStore store = LocalStore.open(cfg, registry, CLOCK)) {
            assertThat(store.device("th-1")).contains(new DeviceRecord("th-1", "mqtt", "json-telemetry", 1000, 2000));
            assertThat(store.readingCount()).isEqualTo(1);
            StoreWrite w = StoreWrite.status("th-1", "mqtt", "json-telemetry", 3000, "1.2", "online");
            assertThat(store.offer(w)).isTrue();
            w.done().get(5, TimeUnit.SECONDS);
            assertThat(store.device("th-1")).get().extracting(DeviceRecord::firmware).isEqualTo("1.2");
        }
        try (Connection c = connect(cfg.path())) {
            assertThat(Schema.userVersion(c)).isEqualTo(Schema.CURRENT_VERSION);
        }
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
