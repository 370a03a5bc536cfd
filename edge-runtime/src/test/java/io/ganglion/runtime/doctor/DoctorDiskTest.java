package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk check. A nearly full disk cannot be made in a test, so its decision is tested with numbers, and the check
 * itself on the real file system of the temporary directory.
 */
class DoctorDiskTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @TempDir
    Path dir;

    @Test
    void below_the_floor_is_a_FAIL_below_the_quotas_headroom_a_warning_else_ok() {
        long needed = DiskSpace.headroom(GIB, 100 * MIB); // 924 MiB of data to come, and the WAL

        assertThat(needed).isEqualTo(GIB - 100 * MIB + DiskSpace.WAL_ALLOWANCE_BYTES);
        assertThat(DiskSpace.verdict(10 * MIB, needed)).isEqualTo(Status.FAIL);
        assertThat(DiskSpace.verdict(DiskSpace.FLOOR_BYTES - 1, needed)).isEqualTo(Status.FAIL);
        assertThat(DiskSpace.verdict(DiskSpace.FLOOR_BYTES, needed)).isEqualTo(Status.WARN);
        assertThat(DiskSpace.verdict(needed - 1, needed)).isEqualTo(Status.WARN);
        assertThat(DiskSpace.verdict(needed, needed)).isEqualTo(Status.OK);
        assertThat(DiskSpace.verdict(100 * GIB, needed)).isEqualTo(Status.OK);
        // A store over its quota (eviction lags) still needs room for its WAL.
        assertThat(DiskSpace.headroom(GIB, 2 * GIB)).isEqualTo(DiskSpace.WAL_ALLOWANCE_BYTES);
    }

    @Test
    void the_real_file_system_of_a_modest_quota_passes_and_the_data_directory_is_written_to() throws Exception {
        DoctorContext context = new DoctorSite(dir).with("store", "\n  path: " + dir.resolve("data/gw.db")
                + "\n  quotaBytes: 16MiB").load();

        List<CheckResult> results = new DiskCheck(context.config()).run();

        assertThat(results).hasSize(2);
        assertThat(results.get(0).status()).as(results.get(0).toString()).isEqualTo(Status.OK);
        assertThat(results.get(0).found()).contains(" free on ").contains("store " + dir.resolve("data/gw.db")
                + " 0 MiB of 16 MiB");
        assertThat(results.get(1)).isEqualTo(CheckResult.ok("disk", dir.resolve("data") + " (created at start in "
                + dir + ") is writable by user " + System.getProperty("user.name")));
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("gateway.yaml");
        }
    }

    @Test
    void a_quota_larger_than_the_free_space_is_a_warning_naming_the_quota_to_lower() throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        DoctorContext context = new DoctorSite(dir).with("store", "\n  path: " + dir.resolve("gw.db")
                + "\n  quotaBytes: " + (usable + 10 * GIB)).load();

        CheckResult space = new DiskCheck(context.config()).run().get(0);

        assertThat(space.status()).isEqualTo(Status.WARN);
        assertThat(space.found()).endsWith("the disk fills before the quota evicts");
        assertThat(space.fix()).contains("store.quotaBytes");
    }

    @Test
    void store_and_outbox_on_one_file_system_add_up() throws Exception {
        DoctorContext context = new DoctorSite(dir)
                .with("sync", "\n  endpoint: http://127.0.0.1:1\n  token: a-token-for-the-test")
                .load();

        List<CheckResult> results = new DiskCheck(context.config()).run();

        assertThat(results.get(0).found()).contains("store ").contains(" and sync outbox ")
                .contains("of 256 MiB");
    }
}
