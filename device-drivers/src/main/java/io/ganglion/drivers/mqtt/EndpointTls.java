package io.ganglion.drivers.mqtt;

import io.ganglion.profiles.InvalidSettingException;
import java.nio.file.Path;

/**
 * TLS on the embedded MQTT endpoint (YAML: {@code mqtt.endpoint.tls}); the endpoint then speaks MQTT over TLS only
 * (conventionally on port 8883).
 *
 * @param certificate the endpoint's certificate chain, PEM
 * @param key         its private key, PEM (PKCS#8)
 * @param clientCa    optional: PEM certificates that sign (or are) the devices' client certificates; when set, every
 *                    device must present a certificate they vouch for, and its common name (CN) is the device id it
 *                    acts for ({@link DeviceAccess}): no password is needed
 */
public record EndpointTls(Path certificate, Path key, Path clientCa) {
    public EndpointTls {
        if (certificate == null) {
            throw new InvalidSettingException("certificate", "the endpoint's certificate, a PEM file", "nothing");
        }
        if (key == null) {
            throw new InvalidSettingException("key", "the certificate's private key, a PEM file", "nothing");
        }
    }
}
