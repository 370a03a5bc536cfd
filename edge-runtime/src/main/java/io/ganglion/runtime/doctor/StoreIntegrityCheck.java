package io.ganglion.runtime.doctor;

import io.ganglion.runtime.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's and the sync outbox's SQLite files, when they exist: {@link SqliteQuickCheck}. A file locked by another
 * connection is reported as locked (by the running gateway when one answers), never as damaged.
 */
final class StoreIntegrityCheck implements Check {
    static final String NAME = "store integrity";
    private final DoctorContext context;

    StoreIntegrityCheck(DoctorContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** quick_check reads every page: a store of a few GiB on an SD card takes a while. */
    @Override
    public Duration timeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public List<CheckResult> run() {
        GatewayConfig config = context.config();
        List<CheckResult> results = new ArrayList<>();
        results.add(check("store", config.store().path(), "the gateway moves a damaged store aside at start"
                + " (as <file>.corrupt-<time>) and begins a new one; `sqlite3 <that file> .recover` rescues what"
                + " it can"));
        if (config.sync().enabled()) {
            results.add(check("sync outbox", config.sync().outboxFile(config.store().path()), "the gateway does not"
                    + " use a damaged outbox: stop it, move the file (with its -wal and -shm) aside and start it again;"
                    + " summaries not yet sent are lost, the readings stay in the store"));
        }
        return results;
    }

    private CheckResult check(String what, Path file, String damagedFix) {
        if (!Files.exists(file)) {
            return CheckResult.ok(NAME, "no " + what + " at " + file + " yet: created at the first start");
        }
        SqliteQuickCheck.Outcome outcome = SqliteQuickCheck.check(file);
        return switch (outcome.verdict()) {
            case INTACT -> CheckResult.ok(NAME, what + " " + file + " passes quick_check");
            case DAMAGED -> CheckResult.fail(NAME, what + " " + file + " is damaged: " + outcome.detail(),
                    damagedFix);
            case LOCKED -> context.runningGateway()
                    .map(gateway -> CheckResult.warn(NAME, what + " " + file + " is locked (by " + gateway
                            + ", running); not checked", "stop the gateway to check it"))
                    .orElseGet(() -> CheckResult.fail(NAME, what + " " + file + " is locked by another program"
                                    + " (no Ganglion gateway answers on the HTTP port); not checked: " + outcome.detail(),
                            "find what holds it (`fuser -v " + file + "`): a gateway of another configuration,"
                                    + " or a sqlite3 shell left open"));
            case UNREADABLE -> CheckResult.fail(NAME, what + " " + file + " cannot be read: " + outcome.detail(),
                    "check the file's owner and permissions (and of its -wal and -shm) against the gateway's user");
        };
    }
}
