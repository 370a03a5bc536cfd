package io.ganglion.sim.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated devices' MQTT passwords, in plain text: a file of {@code deviceId:password} lines, the same shape as
 * the gateway's password file, which holds the hashes of these passwords ({@code ganglion mqtt-password}). Blank
 * lines and lines starting with {@code #} are skipped; the password is everything after the first {@code :}, so it
 * may contain colons. Errors name the file and line, never the password.
 */
public final class DevicePasswords {
    private final Path file;
    private final Map<String, String> passwords;

    private DevicePasswords(Path file, Map<String, String> passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /**
     * @throws IllegalArgumentException when the file cannot be read or a line is not {@code deviceId:password}; the
     *                                  message names the file and the line
     */
    public static DevicePasswords load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": expected a readable file of deviceId:password lines, got no"
                    + " such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": expected a readable file of deviceId:password lines, got "
                    + e, e);
        }
        Map<String, String> passwords = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + "expected deviceId:password, got a line without ':'");
            }
            String device = line.substring(0, colon).strip();
            String password = line.substring(colon + 1);
            if (device.isEmpty()) {
                throw new IllegalArgumentException(where + "expected deviceId:password, got no device id");
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException(where + "expected deviceId:password, got no password for "
                        + device);
            }
            if (passwords.put(device, password) != null) {
                throw new IllegalArgumentException(where + "expected each device once, got " + device + " again");
            }
        }
        return new DevicePasswords(file, Map.copyOf(passwords));
    }

    /** The file, as messages name it. */
    public Path file() {
        return file;
    }

    /** A device's password, or {@code null} when the file has none for it. */
    public String of(String deviceId) {
        return passwords.get(deviceId);
    }

    @Override
    public String toString() {
        return "DevicePasswords[" + file + ", " + passwords.size() + " devices]";
    }
}
