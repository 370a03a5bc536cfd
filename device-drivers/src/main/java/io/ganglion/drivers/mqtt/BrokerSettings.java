package io.ganglion.drivers.mqtt;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.notBlank;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;

/**
 * How the gateway subscribes to device topics on an external MQTT broker (YAML: {@code mqtt.broker}).
 *
 * @param url            {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId       the gateway's client id; the broker keeps its persistent session under this id
 * @param username       optional
 * @param password       optional; give it as {@code ${ENV_VAR}} in the file
 * @param qos            the subscription QoS, 0 or 1 (default 1: acknowledged after commit)
 * @param maxInflight    QoS1 messages handed to the store but not yet acknowledged to the broker
 * @param initialBackoff first reconnect delay; doubles per failure, with full jitter
 * @param maxBackoff     reconnect delay ceiling
 * @param keepAlive      MQTT keep-alive interval
 */
public record BrokerSettings(String url, String clientId, String username, String password, Integer qos,
                             Integer maxInflight, Duration initialBackoff, Duration maxBackoff, Duration keepAlive) {
    public static final int DEFAULT_QOS = 1;
    public static final int DEFAULT_MAX_INFLIGHT = 1000;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public BrokerSettings {
        notBlank("url", url);
        if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) {
            throw new InvalidSettingException("url", "tcp://host:port or ssl://host:port", url);
        }
        notBlank("clientId", clientId);
        qos = inRange("qos", orDefault(qos, DEFAULT_QOS), 0, 1);
        maxInflight = inRange("maxInflight", orDefault(maxInflight, DEFAULT_MAX_INFLIGHT), 1, 65535);
        initialBackoff = inRange("initialBackoff", orDefault(initialBackoff, DEFAULT_INITIAL_BACKOFF),
                Duration.ofMillis(10), Duration.ofMinutes(10));
        maxBackoff = inRange("maxBackoff", orDefault(maxBackoff, DEFAULT_MAX_BACKOFF),
                initialBackoff, Duration.ofHours(1));
        keepAlive = inRange("keepAlive", orDefault(keepAlive, DEFAULT_KEEP_ALIVE),
                Duration.ofSeconds(1), Duration.ofHours(1));
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "BrokerSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", qos=" + qos + ", maxInflight=" + maxInflight
                + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", keepAlive=" + keepAlive + "]";
    }
}
