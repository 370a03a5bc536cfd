package io.ganglion.runtime.doctor;

import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.doctor.CheckResult.Status;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Free space where the store and the sync outbox live, against what their quotas still let them grow by (databases
 * on one file system add up), and whether the data directories are writable by the user running the check.
 */
final class DiskCheck implements Check {
    static final String NAME = "disk";
    private final GatewayConfig config;

    DiskCheck(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A database file and its quota. */
    private record Database(String what, Path file, long quotaBytes, String quotaKey) {
    }

    @Override
    public List<CheckResult> run() throws IOException {
        List<Database> databases = new ArrayList<>();
        Path store = config.store().path();
        databases.add(new Database("store", store, config.store().quotaBytes(), "store.quotaBytes"));
        if (config.sync().enabled()) {
            databases.add(new Database("sync outbox", config.sync().outboxFile(store),
                    config.sync().outbox().quotaBytes(), "sync.outbox.quotaBytes"));
        }
        List<CheckResult> results = new ArrayList<>();
        Map<FileStore, List<Database>> byFileSystem = new LinkedHashMap<>();
        for (Database database : databases) {
            Path dir = DiskSpace.existingAncestor(parent(database.file()));
            byFileSystem.computeIfAbsent(Files.getFileStore(dir), fs -> new ArrayList<>()).add(database);
        }
        for (Map.Entry<FileStore, List<Database>> fs : byFileSystem.entrySet()) {
            results.add(space(fs.getKey(), fs.getValue()));
        }
        Set<Path> dirs = new LinkedHashSet<>();
        databases.forEach(d -> dirs.add(parent(d.file())));
        for (Path dir : dirs) {
            results.add(writable(dir, databases));
        }
        return results;
    }

    private static CheckResult space(FileStore fs, List<Database> databases) throws IOException {
        long needed = 0;
        List<String> parts = new ArrayList<>();
        for (Database d : databases) {
            long current = DiskSpace.currentBytes(d.file());
            needed += DiskSpace.headroom(d.quotaBytes(), current);
            parts.add(d.what() + " " + d.file() + " " + DiskSpace.readable(current) + " of "
                    + DiskSpace.readable(d.quotaBytes()));
        }
        long usable = fs.getUsableSpace();
        String found = DiskSpace.readable(usable) + " free on " + fs + " for " + String.join(" and ", parts)
                + " (room needed to reach the quota: " + DiskSpace.readable(needed) + ")";
        Status status = DiskSpace.verdict(usable, needed);
        String quotas = String.join(" or ", databases.stream().map(Database::quotaKey).toList());
        return switch (status) {
            case OK -> CheckResult.ok(NAME, found);
            case WARN -> CheckResult.warn(NAME, found + ": the disk fills before the quota evicts",
                    "free space on " + fs + " or lower " + quotas);
            case FAIL -> CheckResult.fail(NAME, found + ": below the " + DiskSpace.readable(DiskSpace.FLOOR_BYTES)
                    + " a commit may need, writes will fail", "free space on " + fs + " now, then lower " + quotas);
        };
    }

    /** A real write: a file created and deleted in the directory (or the parent the gateway would create it in). */
    private static CheckResult writable(Path dir, List<Database> databases) {
        String user = System.getProperty("user.name");
        String what = databases.stream().filter(d -> parent(d.file()).equals(dir)).map(Database::what)
                .collect(Collectors.joining(" and "));
        Path existing = DiskSpace.existingAncestor(dir);
        if (existing == null || !Files.isDirectory(existing)) {
            return CheckResult.fail(NAME, "the " + what + " directory " + dir + " cannot be created: "
                    + existing + " is not a directory", "point store.path to a directory");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".ganglion-doctor-", ".tmp"));
        } catch (AccessDeniedException e) {
            return CheckResult.fail(NAME, existing + " (for the " + what + ") is not writable by user " + user,
                    "chown -R " + user + " " + existing + ", or run the gateway as the user owning it");
        } catch (FileSystemException e) {
            return CheckResult.fail(NAME, existing + " (for the " + what + ") is not writable by user " + user + ": "
                    + e.getReason(), "make " + existing + " writable (a read-only mount? an immutable file?)");
        } catch (IOException e) {
            return CheckResult.fail(NAME, "cannot write in " + existing + ": " + e, "make " + existing + " writable");
        }
        for (Database d : databases) {
            if (parent(d.file()).equals(dir) && Files.exists(d.file()) && !Files.isWritable(d.file())) {
                return CheckResult.fail(NAME, d.file() + " (the " + d.what() + ") is not writable by user " + user,
                        "chown " + user + " " + d.file() + "* (a gateway once run as another user leaves its files"
                                + " to that user)");
            }
        }
        return CheckResult.ok(NAME, (existing.equals(dir.toAbsolutePath().normalize()) ? dir.toString()
                : dir + " (created at start in " + existing + ")") + " is writable by user " + user);
    }

    private static Path parent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }
}
