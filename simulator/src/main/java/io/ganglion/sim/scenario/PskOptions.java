package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * The DTLS pre-shared key of a {@code coaps} device ({@code devices[].psk}).
 *
 * @param identity the PSK identity; {@code {deviceId}} is replaced by the device's id; default {@code {deviceId}}
 * @param secret   the key, as text (normally {@code ${SIM_PSK}}); never printed
 */
public record PskOptions(String identity, String secret) {
    public PskOptions {
        identity = notBlank("identity", orDefault(identity, "{deviceId}"));
        notBlank("secret", secret == null ? null : secret.isBlank() ? "" : "***");
    }

    /** The identity of one device. */
    public String identityOf(String deviceId) {
        return identity.replace("{deviceId}", deviceId);
    }

    @Override
    public String toString() {
        return "PskOptions[identity=" + identity + ", secret=***]";
    }
}
