package io.ganglion.sim.scenario;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * How an MQTT device connects ({@code devices[].mqtt}).
 *
 * @param qos               of telemetry and frames, 0 or 1, default 1 (status messages are always QoS 1)
 * @param persistentSession connect with {@code cleanSession=false}, default false
 * @param lastWill          register {@code offline} on the status topic as the last will, default true
 */
public record MqttOptions(Integer qos, Boolean persistentSession, Boolean lastWill) {
    public MqttOptions {
        qos = inRange("qos", orDefault(qos, 1), 0, 1);
        persistentSession = orDefault(persistentSession, false);
        lastWill = orDefault(lastWill, true);
    }

    public static MqttOptions defaults() {
        return new MqttOptions(null, null, null);
    }
}
