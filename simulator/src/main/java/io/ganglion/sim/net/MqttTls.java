package io.ganglion.sim.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.Collection;

/**
 * MQTT over TLS for the simulator's devices: the server's certificate is checked against the given CA certificates
 * (or the JVM's trusted CAs) and its name against the host dialled, as a real device would; optionally each device
 * presents a client certificate. Files are read and checked when this is made, so a wrong path fails at start.
 */
public final class MqttTls {
    private final Path trustFile;
    private final PemTrustOptions trust;
    private final ClientCertificates clientCertificates;

    private MqttTls(Path trustFile, PemTrustOptions trust, ClientCertificates clientCertificates) {
        this.trustFile = trustFile;
        this.trust = trust;
        this.clientCertificates = clientCertificates;
    }

    /**
     * @param trustKey           what messages call the trust setting ({@code --mqtt-ca})
     * @param trustFile          PEM CA certificates the server's certificate must chain to; {@code null}: the JVM's
     *                           trusted CAs
     * @param clientCertificates what each device presents, or {@code null} for nothing
     * @throws IllegalArgumentException when the trust file is missing or holds no certificate, naming key and file
     */
    public static MqttTls of(String trustKey, Path trustFile, ClientCertificates clientCertificates) {
        PemTrustOptions trust = trustFile == null ? null
                : new PemTrustOptions().addCertValue(Buffer.buffer(PemFiles.certificates(trustKey, trustFile)));
        return new MqttTls(trustFile, trust, clientCertificates);
    }

    /** TLS with the JVM's trusted CAs and no client certificate. */
    public static MqttTls withDefaults() {
        return new MqttTls(null, null, null);
    }

    /** @throws IllegalArgumentException when a device has no client certificate in a per-device folder */
    void checkCovers(Collection<String> deviceIds) {
        if (clientCertificates != null) {
            clientCertificates.checkCovers(deviceIds);
        }
    }

    /** Turns TLS on for one device's client. */
    void applyTo(MqttClientOptions options, String deviceId) {
        options.setSsl(true);
        // Off by default in Vert.x's TCP client; a device that does not check the name would trust any certificate
        // of the CA, and the simulator is meant to fail where a real device would.
        options.setHostnameVerificationAlgorithm("HTTPS");
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        if (clientCertificates != null) {
            options.setKeyCertOptions(clientCertificates.of(deviceId));
        }
    }

    @Override
    public String toString() {
        return "TLS[trust=" + (trustFile == null ? "the JVM's CAs" : trustFile) + ", client certificates="
                + (clientCertificates == null ? "none" : clientCertificates) + "]";
    }
}
