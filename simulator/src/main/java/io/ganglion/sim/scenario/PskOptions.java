package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;

/**
 * The DTLS pre-shared key of a {@code coaps} device ({@code devices[].psk}).
 *
 * @param identity the PSK identity; {@code {deviceId}} is replaced by the device's id; default {@code {deviceId}}
 * @param secret   the key, as text (normally {@code ${SIM_PSK}}); never printed
 */
public record PskOptions(String identity, String secret) {
    public PskOptions {
        identity = notBlank("identity", orDefault(identity, "{deviceId}"));
        if (secret == null || secret.isBlank()) {
            // Never echo a key, not even a blank one.
            throw new InvalidSettingException("secret", "the pre-shared key as text (e.g. ${SIM_PSK})", "nothing");
        }
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
