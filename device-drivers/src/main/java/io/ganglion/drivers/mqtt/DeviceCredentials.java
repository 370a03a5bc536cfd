package io.ganglion.drivers.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices' MQTT passwords, from a password file of {@code deviceId:hash} lines ({@link PasswordHash}; blank lines
 * and {@code #} comments allowed), as {@code ganglion mqtt-password} writes it. The MQTT user name is the device id.
 * Thread-safe. Verifying a password is CPU work ({@link PasswordHash}): call {@link #verify} off the event loop.
 */
public final class DeviceCredentials {
    private final Path file;
    private final Map<String, PasswordHash> hashes;
    /** The SHA-256 of each device's last verified password: a reconnect with it costs one digest, not PBKDF2. */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private DeviceCredentials(Path file, Map<String, PasswordHash> hashes) {
        this.file = file;
        this.hashes = Map.copyOf(hashes);
    }

    /**
     * Loads a password file.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the file, the line and what was expected
     */
    public static DeviceCredentials load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, PasswordHash> hashes = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = file + ":" + (i + 1) + ": ";
            if (colon <= 0) {
                throw new IllegalArgumentException(where + "expected deviceId:hash");
            }
            String device = line.substring(0, colon);
            String problem = DeviceAccess.identifierProblem(device);
            if (problem != null) {
                throw new IllegalArgumentException(where + "device id " + problem);
            }
            try {
                if (hashes.put(device, PasswordHash.parse(line.substring(colon + 1))) != null) {
                    throw new IllegalArgumentException("device '" + device + "' twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return new DeviceCredentials(file, hashes);
    }

    public Path file() {
        return file;
    }

    public int size() {
        return hashes.size();
    }

    /** Whether {@code password} is {@code deviceId}'s. Blocking (PBKDF2 unless remembered): not on an event loop. */
    public boolean verify(String deviceId, byte[] password) {
        PasswordHash hash = hashes.get(deviceId);
        if (hash == null || password == null) {
            return false;
        }
        byte[] digest = sha256(password);
        byte[] last = verified.get(deviceId);
        if (last != null && MessageDigest.isEqual(last, digest)) {
            return true;
        }
        if (!hash.matches(password)) {
            return false;
        }
        verified.put(deviceId, digest);
        return true;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
