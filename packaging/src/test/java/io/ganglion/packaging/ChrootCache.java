package io.ganglion.packaging;

import static io.ganglion.packaging.HostCommands.exec;
import static io.ganglion.packaging.HostCommands.removeTree;
import static io.ganglion.packaging.HostCommands.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Debian chroot the package test installs into: what the host needs to make one, and making it once, kept as a
 * tar file that later runs only unpack.
 */
final class ChrootCache {
    private ChrootCache() {
    }

    static Optional<String> missingPrerequisite(Path cache) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("root (chroot, mount and dpkg in the chroot)");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap")) && !Files.isRegularFile(cache)) {
            exec(Duration.ofMinutes(5), List.of("sh", "-c",
                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap"));
            if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
                return Optional.of("debootstrap, which apt-get could not install");
            }
        }
        for (String tool : List.of("dpkg-deb", "systemd-analyze", "tar", "chroot", "mount")) {
            if (exec(Duration.ofSeconds(10), List.of("sh", "-c", "command -v " + tool)).exit() != 0) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }

    /**
     * debootstrap (minbase) and openjdk-17-jre-headless with apt-get inside, from the host's Debian mirror, then a
     * tar of it; renamed into place only when complete.
     */
    static void build(Path cache, Path work, String release) throws Exception {
        Path build = work.resolve("chroot-build");
        removeTree(build);
        List<String> debootstrap = new ArrayList<>(List.of("debootstrap", "--variant=minbase", release,
                build.toString()));
        hostMirror(release).ifPresent(debootstrap::add);
        run(Duration.ofMinutes(20), debootstrap.toArray(String[]::new));
        Files.copy(Path.of("/etc/resolv.conf"), build.resolve("etc/resolv.conf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        run(Duration.ofSeconds(30), "mount", "-t", "proc", "proc", build.resolve("proc").toString());
        try {
            run(Duration.ofMinutes(20), "chroot", build.toString(), "sh", "-c",
                    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                            + "--no-install-recommends openjdk-17-jre-headless >/dev/null && apt-get clean");
        } finally {
            run(Duration.ofSeconds(30), "umount", build.resolve("proc").toString());
        }
        Files.createDirectories(cache.getParent());
        Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
        run(Duration.ofMinutes(10), "tar", "-C", build.toString(), "-cf", partial.toString(), ".");
        Files.move(partial, cache, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        removeTree(build);
    }

    /** The mirror the host's apt uses for Debian itself, if it names one; else debootstrap's default. */
    static Optional<String> hostMirror(String release) throws IOException {
        List<Path> sources = new ArrayList<>();
        sources.add(Path.of("/etc/apt/sources.list"));
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(sources::add);
            }
        }
        Pattern deb822 = Pattern.compile("(?m)^URIs:\\s*(\\S+/debian)/?\\s*$");
        Pattern oneLine = Pattern.compile("(?m)^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+/debian)/?\\s+" + release + "\\s");
        for (Path file : sources) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = Files.readString(file);
            for (Pattern p : List.of(deb822, oneLine)) {
                Matcher m = p.matcher(text);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
        }
        return Optional.empty();
    }
}
