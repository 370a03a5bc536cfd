package io.ganglion.runtime.doctor;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the checks of {@code ganglion doctor} side by side, each on a daemon thread of its own with its own timeout,
 * and gathers their findings in the order the checks were given. A check that overruns is reported as a FAIL and
 * left behind (its thread is interrupted and, being a daemon, never keeps the command from exiting).
 */
public final class Doctor {
    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check of a gateway whose configuration loaded. */
    public static Doctor forGateway(DoctorContext context) {
        return new Doctor(List.of(
                new PortsCheck(context),
                new DiskCheck(context.config()),
                new StoreIntegrityCheck(context),
                new BrokerCheck(context.config()),
                new CloudCheck(context.config()),
                new GpioCheck(context.config(), context.profiles(), GpioCheck.DEV),
                new ModelFilesCheck(context),
                new InsecureSettingsCheck(context.config())));
    }

    /** The findings of every check, in order. */
    public List<CheckResult> run() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ganglion-doctor-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            long start = System.nanoTime();
            List<Future<List<CheckResult>>> running = new ArrayList<>();
            for (Check check : checks) {
                running.add(pool.submit(check::run));
            }
            List<CheckResult> results = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                Check check = checks.get(i);
                long left = check.timeout().toNanos() - (System.nanoTime() - start);
                results.addAll(await(check, running.get(i), Math.max(0, left)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<CheckResult> await(Check check, Future<List<CheckResult>> future, long nanos) {
        try {
            List<CheckResult> found = future.get(nanos, TimeUnit.NANOSECONDS);
            return found.isEmpty() ? List.of(CheckResult.ok(check.name(), "nothing to check")) : found;
        } catch (TimeoutException e) {
            future.cancel(true);
            return List.of(CheckResult.fail(check.name(), "no result within " + check.timeout().toSeconds()
                            + " s", "look at what this check reaches (a host that does not answer, a very slow disk)"
                            + " and run ganglion doctor again"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return List.of(CheckResult.fail(check.name(), "the check itself failed: " + cause,
                    "report this as a bug of ganglion doctor, with the line above"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(CheckResult.fail(check.name(), "interrupted", "run ganglion doctor again"));
        }
    }

    /** What the findings add up to; the command line turns it into its exit code. */
    public enum Verdict {
        /** Every finding is ok or a warning. */
        PASS,
        /** Some finding is a FAIL. */
        NEEDS_FIXING,
        /** The configuration file does not load, so nothing else could be checked. */
        CONFIGURATION_INVALID
    }

    public static Verdict verdict(List<CheckResult> results) {
        return results.stream().anyMatch(r -> r.status() == Status.FAIL) ? Verdict.NEEDS_FIXING : Verdict.PASS;
    }

    /** Runs the configuration check and, when the file loads, every other check; prints every finding. */
    public static Verdict examine(Path configFile, PrintStream out) {
        ConfigurationCheck.Outcome loaded = ConfigurationCheck.load(configFile);
        List<CheckResult> results = new ArrayList<>(loaded.results());
        if (loaded.context() == null) {
            print(results, out);
            return Verdict.CONFIGURATION_INVALID;
        }
        results.addAll(forGateway(loaded.context()).run());
        print(results, out);
        return verdict(results);
    }

    public static void print(List<CheckResult> results, PrintStream out) {
        results.forEach(result -> result.lines().forEach(out::println));
    }
}
