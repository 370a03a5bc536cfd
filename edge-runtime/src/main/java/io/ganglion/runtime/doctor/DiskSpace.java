package io.ganglion.runtime.doctor;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The arithmetic of the disk check, apart from the file system so that it can be tested with numbers. */
final class DiskSpace {
    /**
     * Below this nothing is safe: a commit needs room in the WAL (up to 32 MiB before a checkpoint cuts it back), and
     * SQLite fails writes with "database or disk is full" rather than evicting.
     */
    static final long FLOOR_BYTES = 64L * 1024 * 1024;
    /** The store's WAL between checkpoints, which comes on top of the data the quota bounds. */
    static final long WAL_ALLOWANCE_BYTES = 32L * 1024 * 1024;

    private DiskSpace() {
    }

    /**
     * @param usable bytes this user may still write on the file system
     * @param needed bytes the databases on it may still grow by before their quotas evict
     * @return FAIL below the floor, WARN below what the quotas still allow (the disk would fill before the quota
     *         evicts), else OK
     */
    static Status verdict(long usable, long needed) {
        if (usable < FLOOR_BYTES) {
            return Status.FAIL;
        }
        return usable < needed ? Status.WARN : Status.OK;
    }

    /** How much a database file may still grow: its quota less what it takes now, plus its WAL. */
    static long headroom(long quotaBytes, long currentBytes) {
        return Math.max(0, quotaBytes - currentBytes) + WAL_ALLOWANCE_BYTES;
    }

    /** The database file and its -wal, in bytes; 0 for a file not created yet. */
    static long currentBytes(Path database) throws IOException {
        long total = 0;
        for (Path file : new Path[] {database, database.resolveSibling(database.getFileName() + "-wal")}) {
            if (Files.isRegularFile(file)) {
                total += Files.size(file);
            }
        }
        return total;
    }

    /** The directory itself, or the nearest parent that exists (the gateway creates the missing ones). */
    static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    /** Bytes in MiB or GiB, for people. */
    static String readable(long bytes) {
        double mib = bytes / (1024.0 * 1024);
        return mib >= 1024 ? String.format("%.1f GiB", mib / 1024) : String.format("%.0f MiB", mib);
    }
}
