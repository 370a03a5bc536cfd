package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.identifier;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ganglion.profiles.InvalidSettingException;

/**
 * The whole gateway configuration, as read from {@code gateway.yaml}. Every section is optional and has defaults, so
 * an empty file is a valid gateway on embedded defaults. Documented key by key in docs/configuration.md.
 */
public record GatewayConfig(String gatewayId, HttpConfig http, MqttConfig mqtt, CoapConfig coap, StoreConfig store,
                            IngestConfig ingest, ProfilesConfig profiles, List<DeviceConfig> devices,
                            LoggingConfig logging, CommandsConfig commands, VisionConfig vision,
                            SyncConfig sync) {
    public static final String DEFAULT_GATEWAY_ID = "gateway";

    public GatewayConfig {
        gatewayId = identifier("gatewayId", orDefault(gatewayId, DEFAULT_GATEWAY_ID));
        http = orDefault(http, HttpConfig.defaults());
        mqtt = orDefault(mqtt, MqttConfig.defaults());
        coap = orDefault(coap, CoapConfig.defaults());
        store = orDefault(store, StoreConfig.defaults());
        ingest = orDefault(ingest, IngestConfig.defaults());
        profiles = orDefault(profiles, ProfilesConfig.defaults());
        devices = List.copyOf(orDefault(devices, List.of()));
        logging = orDefault(logging, LoggingConfig.defaults());
        commands = orDefault(commands, CommandsConfig.defaults());
        vision = orDefault(vision, VisionConfig.defaults());
        sync = orDefault(sync, SyncConfig.defaults());
        Set<String> ids = new HashSet<>();
        for (DeviceConfig device : devices) {
            if (!ids.add(device.id())) {
                throw new InvalidSettingException("devices", "each device id once", "'" + device.id() + "' twice");
            }
        }
    }

    /** Without a sync section (sync off). */
    public GatewayConfig(String gatewayId, HttpConfig http, MqttConfig mqtt, CoapConfig coap, StoreConfig store,
                         IngestConfig ingest, ProfilesConfig profiles, List<DeviceConfig> devices,
                         LoggingConfig logging, CommandsConfig commands, VisionConfig vision) {
        this(gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands, vision, null);
    }

    /** Without a vision section (no models). */
    public GatewayConfig(String gatewayId, HttpConfig http, MqttConfig mqtt, CoapConfig coap, StoreConfig store,
                         IngestConfig ingest, ProfilesConfig profiles, List<DeviceConfig> devices,
                         LoggingConfig logging, CommandsConfig commands) {
        this(gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands, null, null);
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same configuration with another {@code http} section. */
    public GatewayConfig withHttp(HttpConfig newHttp) {
        return new GatewayConfig(gatewayId, newHttp, mqtt, coap, store, ingest, profiles, devices, logging, commands,
                vision, sync);
    }

    /** The same configuration with another {@code vision} section. */
    public GatewayConfig withVision(VisionConfig newVision) {
        return new GatewayConfig(gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands,
                newVision, sync);
    }

    /** The same configuration with another {@code sync} section. */
    public GatewayConfig withSync(SyncConfig newSync) {
        return new GatewayConfig(gatewayId, http, mqtt, coap, store, ingest, profiles, devices, logging, commands,
                vision, newSync);
    }
}
