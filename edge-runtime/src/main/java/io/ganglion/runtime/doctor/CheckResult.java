package io.ganglion.runtime.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One finding of {@code ganglion doctor}: printed as {@code ok|warn|FAIL  <check>: <found>}, followed by an indented
 * {@code fix: <what to do>} line unless it is ok.
 *
 * @param status what it means for the gateway
 * @param check  the short name of the check, e.g. {@code ports}
 * @param found  what was found, with the file, address or setting concerned
 * @param fix    what to do about it; null for an ok result
 */
public record CheckResult(Status status, String check, String found, String fix) {
    /** How a finding counts: a FAIL makes the exit code 1, a warning does not. */
    public enum Status {
        OK("ok"), WARN("warn"), FAIL("FAIL");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(found, "found");
        if (status != Status.OK && (fix == null || fix.isBlank())) {
            throw new IllegalArgumentException("a " + status.label() + " result needs a fix: " + check + ": " + found);
        }
    }

    public static CheckResult ok(String check, String found) {
        return new CheckResult(Status.OK, check, found, null);
    }

    public static CheckResult warn(String check, String found, String fix) {
        return new CheckResult(Status.WARN, check, found, fix);
    }

    public static CheckResult fail(String check, String found, String fix) {
        return new CheckResult(Status.FAIL, check, found, fix);
    }

    /** The printed lines: the finding, and for a non-ok one the fix beneath it. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-4s  %s: %s", status.label(), check, found));
        if (status != Status.OK) {
            lines.add("      fix: " + fix);
        }
        return lines;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
