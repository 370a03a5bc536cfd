package io.ganglion.runtime;

import io.ganglion.drivers.mqtt.DeviceAccess;
import io.ganglion.drivers.mqtt.DeviceCredentials;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT endpoint's {@link DeviceAccess} from its settings (open, or the devices' password file), with its
 * TLS files checked. What leaves it exposed beyond loopback is in
 * {@link io.ganglion.runtime.security.InsecureSettings}.
 */
public final class MqttDeviceAccess {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDeviceAccess.class);
    static final String KEY = "mqtt.endpoint.passwordFile";

    private MqttDeviceAccess() {
    }

    /**
     * @param configFile the configuration file, named in errors
     * @throws ConfigException when the password file cannot be read or has a bad line (both named)
     */
    public static DeviceAccess of(EndpointSettings endpoint, Path configFile) throws ConfigException {
        if (endpoint.tls() != null) {
            readable(configFile, "mqtt.endpoint.tls.certificate", endpoint.tls().certificate());
            readable(configFile, "mqtt.endpoint.tls.key", endpoint.tls().key());
            readable(configFile, "mqtt.endpoint.tls.clientCa", endpoint.tls().clientCa());
        }
        if (endpoint.passwordFile() == null) {
            return DeviceAccess.OPEN; // with client certificates, the certificate names the device
        }
        try {
            DeviceCredentials credentials = DeviceCredentials.load(endpoint.passwordFile());
            LOG.info("MQTT endpoint: devices log in; {} device passwords from {}", credentials.size(),
                    endpoint.passwordFile());
            return DeviceAccess.withPasswords(credentials);
        } catch (IOException e) {
            throw new ConfigException(configFile, KEY, 0, "cannot read " + endpoint.passwordFile() + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(configFile, KEY, 0, e.getMessage());
        }
    }

    private static void readable(Path configFile, String key, Path file) throws ConfigException {
        if (file != null && !java.nio.file.Files.isReadable(file)) {
            throw new ConfigException(configFile, key, 0, "cannot read " + file);
        }
    }

}
