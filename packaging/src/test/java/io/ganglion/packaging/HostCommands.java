package io.ganglion.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands on the host for the package test: run with a time limit and their output logged, and a safe rm -rf. */
final class HostCommands {
    private HostCommands() {
    }

    static void run(Duration timeout, String... command) throws Exception {
        Result result = exec(timeout, List.of(command));
        if (result.exit() != 0) {
            fail(String.join(" ", command) + " exited with " + result.exit() + ":\n" + result.output());
        }
    }

    record Result(int exit, String output) {
    }

    static Result exec(Duration timeout, List<String> command) throws Exception {
        Path out = Files.createTempFile("deb-test", ".out",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String output = Files.readString(out);
            System.out.println("$ " + String.join(" ", command) + " -> " + process.exitValue()
                    + (output.isBlank() ? "" : "\n" + output.strip()));
            return new Result(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * rm -rf, never while anything is mounted below the tree (a bind mount would take the host's files): what an
     * interrupted run left mounted (its /proc) is unmounted first, and the removal refused if that fails.
     */
    static void removeTree(Path tree) throws Exception {
        if (tree == null || !Files.exists(tree)) {
            return;
        }
        String prefix = tree.toRealPath() + "/";
        for (String mountPoint : mountsBelow(prefix)) {
            exec(Duration.ofSeconds(30), List.of("umount", mountPoint));
        }
        List<String> left = mountsBelow(prefix);
        if (!left.isEmpty()) {
            throw new IllegalStateException("not removing " + tree + ": " + left + " still mounted");
        }
        run(Duration.ofMinutes(5), "rm", "-rf", "--one-file-system", tree.toString());
    }

    /** Mount points below a directory, deepest first. */
    static List<String> mountsBelow(String prefix) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" ")[1])
                .filter(mountPoint -> mountPoint.startsWith(prefix))
                .sorted(Comparator.comparing(String::length).reversed()).toList();
    }
}
