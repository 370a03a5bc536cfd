package io.ganglion.sim.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The certificate and key an MQTT device presents in the TLS handshake. The gateway's endpoint takes a client
 * certificate's common name as the device id (docs/security.md), so each device normally has its own: a folder with
 * {@code <deviceId>.crt} and {@code <deviceId>.key} (PEM) per device. One certificate for all devices is for a broker
 * that only asks for a certificate its CA signed.
 */
public abstract sealed class ClientCertificates {
    /** The file names in a folder of per-device certificates. */
    public static final String CERT_SUFFIX = ".crt";
    public static final String KEY_SUFFIX = ".key";

    /**
     * Every device presents the same certificate; both files are read and checked now.
     *
     * @param key what messages call the setting ({@code --mqtt-cert})
     */
    public static ClientCertificates oneForAll(String key, Path certificate, String keyKey, Path privateKey) {
        return new OneForAll(PemFiles.certificates(key, certificate), PemFiles.privateKey(keyKey, privateKey));
    }

    /**
     * Each device presents {@code folder/<deviceId>.crt} with the key {@code folder/<deviceId>.key}, read at each
     * connect (a folder of 10,000 devices is not held in memory); {@link #checkCovers} checks they exist.
     */
    public static ClientCertificates perDevice(String key, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(key + ": expected a PEM certificate file or a folder of <deviceId>"
                    + CERT_SUFFIX + " and <deviceId>" + KEY_SUFFIX + " files, got " + folder + ": "
                    + (Files.exists(folder) ? "not a folder" : "no such file or folder"));
        }
        return new PerDevice(key, folder);
    }

    /** What device {@code deviceId} presents. */
    abstract PemKeyCertOptions of(String deviceId);

    /** @throws IllegalArgumentException naming the folder and the devices without their two files */
    public void checkCovers(Collection<String> deviceIds) {
    }

    private static final class OneForAll extends ClientCertificates {
        private final PemKeyCertOptions options;

        OneForAll(byte[] certificate, byte[] key) {
            this.options = new PemKeyCertOptions().addCertValue(Buffer.buffer(certificate))
                    .addKeyValue(Buffer.buffer(key));
        }

        @Override
        PemKeyCertOptions of(String deviceId) {
            return options;
        }

        @Override
        public String toString() {
            return "one certificate for all devices";
        }
    }

    private static final class PerDevice extends ClientCertificates {
        private final String key;
        private final Path folder;

        PerDevice(String key, Path folder) {
            this.key = key;
            this.folder = folder;
        }

        @Override
        PemKeyCertOptions of(String deviceId) {
            return new PemKeyCertOptions().addCertPath(folder.resolve(deviceId + CERT_SUFFIX).toString())
                    .addKeyPath(folder.resolve(deviceId + KEY_SUFFIX).toString());
        }

        @Override
        public void checkCovers(Collection<String> deviceIds) {
            List<String> missing = deviceIds.stream()
                    .filter(id -> !Files.isReadable(folder.resolve(id + CERT_SUFFIX))
                            || !Files.isReadable(folder.resolve(id + KEY_SUFFIX)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(key + ": expected <deviceId>" + CERT_SUFFIX + " and <deviceId>"
                        + KEY_SUFFIX + " in " + folder + " for every MQTT device of the scenario, missing for "
                        + Listing.some(missing));
            }
        }

        @Override
        public String toString() {
            return "a certificate per device from " + folder;
        }
    }
}
