package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.StoreConfig;
import io.ganglion.runtime.doctor.CheckResult.Status;
import io.ganglion.runtime.store.LocalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store integrity check on real store files: intact, damaged, locked, and absent. */
class DoctorStoreTest {
    @TempDir
    Path dir;

    /** A store as the gateway leaves it: opened (schema migrated), closed (WAL checkpointed). */
    private Path realStore(Path file) {
        LocalStore.open(StoreConfig.defaults().withPath(file), new SimpleMeterRegistry(), Clock.systemUTC()).close();
        return file;
    }

    private DoctorContext siteWithStore() {
        DoctorSite site = new DoctorSite(dir);
        realStore(site.store());
        return site.load();
    }

    @Test
    void an_intact_store_passes_quick_check() {
        DoctorContext context = siteWithStore();

        assertThat(new StoreIntegrityCheck(context).run()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.found()).endsWith("ganglion.db passes quick_check");
        });
    }

    @Test
    void a_store_with_garbage_over_its_pages_is_a_FAIL_saying_damaged_and_is_left_as_found() throws Exception {
        DoctorContext context = siteWithStore();
        Path store = context.config().store().path();
        byte[] bytes = Files.readAllBytes(store);
        assertThat(bytes.length).as("a store of several pages").isGreaterThan(3 * 4096);
        // Garbage over every page but the first: the header still says SQLite, the tables are gone.
        Arrays.fill(bytes, 4096, bytes.length, (byte) 0x5A);
        Files.write(store, bytes);
        byte[] damaged = Files.readAllBytes(store);

        assertThat(new StoreIntegrityCheck(context).run()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).contains("ganglion.db is damaged: ");
            assertThat(r.fix()).contains(".corrupt-").contains(".recover");
        });
        assertThat(Files.readAllBytes(store)).isEqualTo(damaged);
    }

    @Test
    void a_store_locked_by_another_connection_is_reported_locked_not_damaged() throws Exception {
        DoctorContext context = siteWithStore();
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + context.config().store().path());
             Statement s = holder.createStatement()) {
            // What a program that keeps the database to itself does: an exclusive lock, held until it closes.
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("CREATE TABLE held (x)");

            assertThat(new StoreIntegrityCheck(context).run()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(Status.FAIL);
                assertThat(r.found()).contains("ganglion.db is locked by another program").doesNotContain("damaged");
                assertThat(r.fix()).contains("fuser -v");
            });
        }
    }

    @Test
    void no_store_yet_is_ok_and_the_check_does_not_create_it() {
        DoctorSite site = new DoctorSite(dir);
        DoctorContext context = site.load();

        assertThat(new StoreIntegrityCheck(context).run()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Status.OK));
        assertThat(site.store()).doesNotExist();
        assertThat(site.store().getParent()).doesNotExist();
    }

    @Test
    void a_damaged_sync_outbox_is_a_FAIL_of_its_own() throws Exception {
        DoctorContext context = new DoctorSite(dir)
                .with("sync", "\n  endpoint: http://127.0.0.1:1\n  token: a-token-for-the-test").load();
        realStore(context.config().store().path());
        Files.writeString(context.config().sync().outboxFile(context.config().store().path()),
                "this is not an SQLite database, it is text that got written over it".repeat(100));

        assertThat(new StoreIntegrityCheck(context).run()).hasSize(2).last().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).startsWith("sync outbox ").contains("outbox.db is damaged");
        });
    }
}
