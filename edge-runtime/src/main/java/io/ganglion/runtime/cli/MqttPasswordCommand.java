package io.ganglion.runtime.cli;

import io.ganglion.drivers.mqtt.DeviceAccess;
import io.ganglion.drivers.mqtt.DeviceCredentials;
import io.ganglion.drivers.mqtt.PasswordHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ganglion mqtt-password --file F DEVICE}: adds or replaces a device's line in the embedded MQTT endpoint's
 * password file ({@code mqtt.endpoint.passwordFile}), as {@code mosquitto_passwd} does for Mosquitto. The password is
 * read from standard input (one line), or made up with {@code --generate} and printed once; only its hash is written.
 * The file is replaced atomically and is readable by its owner only.
 */
@Command(name = "mqtt-password", mixinStandardHelpOptions = true,
        description = "Add or replace a device's password in the MQTT endpoint's password file (the password from"
                + " standard input, or --generate).")
final class MqttPasswordCommand implements Callable<Integer> {
    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the password file")
    Path file;

    @Option(names = "--generate", description = "make up a random password (128 bits), print it once")
    boolean generate;

    @Option(names = "--iterations", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS, paramLabel = "N",
            description = "PBKDF2 iterations, 1000 or more (default: ${DEFAULT-VALUE})")
    int iterations;

    @Parameters(index = "0", paramLabel = "DEVICE", description = "the device id, which is its MQTT user name")
    String device;

    @Override
    public Integer call() throws IOException {
        String problem = device.contains(":") ? "must not contain ':' (it ends the id in the file)"
                : DeviceAccess.identifierProblem(device);
        if (problem != null) {
            System.err.println("DEVICE: the device id " + problem);
            return GanglionCommand.EXIT_INVALID;
        }
        String password;
        if (generate) {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } else {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                System.err.println("expected the password on standard input (one line), or --generate");
                return GanglionCommand.EXIT_INVALID;
            }
        }
        String hash;
        try {
            hash = PasswordHash.hash(password.toCharArray(), iterations);
        } catch (IllegalArgumentException e) {
            System.err.println("--iterations: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(device + ":")) {
                    if (!replaced) {
                        lines.add(device + ":" + hash);
                        replaced = true;
                    }
                } else {
                    lines.add(line);
                }
            }
        }
        if (!replaced) {
            lines.add(device + ":" + hash);
        }
        Path temp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, lines, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file's ACL is the folder's
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try {
            DeviceCredentials.load(file); // what was written must load: a bad existing line is reported now
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        }
        System.out.println((replaced ? "replaced" : "added") + " the password of " + device + " in " + file);
        if (generate) {
            System.out.println("password: " + password);
        }
        return GanglionCommand.EXIT_OK;
    }
}
