package io.ganglion.runtime;

import io.ganglion.drivers.mqtt.DeviceAccess;
import io.ganglion.drivers.mqtt.DeviceCredentials;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.yaml.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded MQTT endpoint's {@link DeviceAccess} from its settings: open, or the devices' password file. */
final class MqttDeviceAccess {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDeviceAccess.class);
    static final String KEY = "mqtt.endpoint.passwordFile";

    private MqttDeviceAccess() {
    }

    /**
     * @param configFile the configuration file, named in errors
     * @throws ConfigException when the password file cannot be read or has a bad line (both named)
     */
    static DeviceAccess of(EndpointSettings endpoint, Path configFile) throws ConfigException {
        if (endpoint.passwordFile() == null) {
            if (!isLoopback(endpoint.host())) {
                LOG.warn("The MQTT endpoint on {}:{} lets any client connect and publish as any device: set {} to"
                        + " make devices log in (docs/security.md)", endpoint.host(), endpoint.port(), KEY);
            }
            return DeviceAccess.OPEN;
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

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
