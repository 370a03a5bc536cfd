package io.ganglion.sim.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulator's MQTT devices reach the broker (the gateway's embedded one, or the broker it subscribes to).
 *
 * @param host             the broker's host
 * @param port             the broker's port
 * @param maxInflight      per device: QoS 1 messages published and not yet acknowledged (PUBACK), 1 to 65535; a
 *                         device with a full window queues further messages
 * @param maxQueued        per device: messages waiting behind the window or for the connection, 1 to 1,000,000;
 *                         beyond it new messages are dropped and counted, never sent
 * @param connectsInFlight connection attempts (TCP and CONNACK) under way at once across all devices, so that a
 *                         start of thousands of devices does not overrun the broker's accept queue
 * @param connectTimeout   how long one attempt may take before it counts as failed
 * @param connectAttempts  attempts per connect before the device gives up (its messages then queue and drop)
 * @param keepAlive        the MQTT keep-alive
 * @param logins           the user name and password of each device ({@link MqttLogins}); passwords never printed
 * @param tls              MQTT over TLS, or {@code null} for plain MQTT
 */
public record MqttSettings(String host, int port, int maxInflight, int maxQueued, int connectsInFlight,
                           Duration connectTimeout, int connectAttempts, Duration keepAlive, MqttLogins logins,
                           MqttTls tls) {
    public static final int DEFAULT_MAX_INFLIGHT = 32;
    public static final int DEFAULT_MAX_QUEUED = 256;
    public static final int DEFAULT_CONNECTS_IN_FLIGHT = 200;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CONNECT_ATTEMPTS = 5;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);

    public MqttSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logins, "logins");
        check("port", port, 1, 65535);
        check("maxInflight", maxInflight, 1, 65535);
        check("maxQueued", maxQueued, 1, 1_000_000);
        check("connectsInFlight", connectsInFlight, 1, 100_000);
        check("connectAttempts", connectAttempts, 1, 1000);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout: expected a positive duration, got " + connectTimeout);
        }
        if (keepAlive.getSeconds() < 1 || keepAlive.getSeconds() > 65535) {
            throw new IllegalArgumentException("keepAlive: expected 1 s to 65535 s, got " + keepAlive);
        }
    }

    /** The defaults for a broker at host:port. */
    public static MqttSettings of(String host, int port) {
        return new MqttSettings(host, port, DEFAULT_MAX_INFLIGHT, DEFAULT_MAX_QUEUED, DEFAULT_CONNECTS_IN_FLIGHT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_CONNECT_ATTEMPTS, DEFAULT_KEEP_ALIVE, MqttLogins.none(), null);
    }

    public MqttSettings withMaxInflight(int value) {
        return new MqttSettings(host, port, value, maxQueued, connectsInFlight, connectTimeout, connectAttempts,
                keepAlive, logins, tls);
    }

    public MqttSettings withMaxQueued(int value) {
        return new MqttSettings(host, port, maxInflight, value, connectsInFlight, connectTimeout, connectAttempts,
                keepAlive, logins, tls);
    }

    public MqttSettings withConnectAttempts(int value) {
        return new MqttSettings(host, port, maxInflight, maxQueued, connectsInFlight, connectTimeout, value,
                keepAlive, logins, tls);
    }

    /** Every device connects with this user name and password (a broker without anonymous access). */
    public MqttSettings withCredentials(String user, String secret) {
        return withLogins(MqttLogins.shared(user, secret));
    }

    /** Each device's user name and password. */
    public MqttSettings withLogins(MqttLogins value) {
        return new MqttSettings(host, port, maxInflight, maxQueued, connectsInFlight, connectTimeout,
                connectAttempts, keepAlive, value, tls);
    }

    /** MQTT over TLS ({@code null}: plain MQTT). */
    public MqttSettings withTls(MqttTls value) {
        return new MqttSettings(host, port, maxInflight, maxQueued, connectsInFlight, connectTimeout,
                connectAttempts, keepAlive, logins, value);
    }

    @Override
    public String toString() {
        return "MqttSettings[host=" + host + ", port=" + port + ", maxInflight=" + maxInflight + ", maxQueued="
                + maxQueued + ", connectsInFlight=" + connectsInFlight + ", connectTimeout=" + connectTimeout
                + ", connectAttempts=" + connectAttempts + ", keepAlive=" + keepAlive + ", logins=" + logins
                + ", tls=" + (tls == null ? "none" : tls) + "]";
    }

    public MqttSettings withConnectsInFlight(int value) {
        return new MqttSettings(host, port, maxInflight, maxQueued, value, connectTimeout, connectAttempts,
                keepAlive, logins, tls);
    }

    static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": expected " + min + " to " + max + ", got " + value);
        }
    }
}
