package io.ganglion.sim.plan;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.FirmwareVersion;
import io.ganglion.sim.scenario.MqttOptions;
import io.ganglion.sim.scenario.PskOptions;
import io.ganglion.sim.scenario.Transport;
import java.nio.charset.StandardCharsets;

/**
 * What the transport needs to know about one virtual device before its first event: how it connects and which
 * profile it starts with (its topics are the profile's {@code transports.mqtt}, its CoAP resources the standard
 * ones). Immutable.
 *
 * @param id        the device id, e.g. {@code air-0001}
 * @param ordinal   its number in the fleet, 0-based
 * @param group     its group's id prefix
 * @param index     its number in the group, 0-based
 * @param camera    whether it is a camera (it also sends frames)
 * @param transport mqtt, coap, coaps or gpio
 * @param mqtt      MQTT options: QoS, persistent session, last will
 * @param psk       the DTLS pre-shared key for coaps, else {@code null}
 * @param profile   the profile it starts with (a firmware change may switch it during the run)
 * @param firmware  the version it announces at start, or {@code null} when its group names none
 */
public record DeviceInfo(String id, int ordinal, String group, int index, boolean camera, Transport transport,
                         MqttOptions mqtt, PskOptions psk, DeviceProfile profile, FirmwareVersion firmware) {
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    /** The QoS of its telemetry and frames: the group's for MQTT, 1 (confirmable) for CoAP and GPIO. */
    public int qos() {
        return transport == Transport.MQTT ? mqtt.qos() : 1;
    }

    /** The last will to register on its status topic, when {@code mqtt.lastWill} is on: {@code offline}. */
    public byte[] lastWillPayload() {
        return OFFLINE.clone();
    }

    /** The status announcement: {@code {"firmware": "2.1.0", "state": "online"}}, without firmware when none. */
    static byte[] onlineStatus(FirmwareVersion firmware) {
        String text = firmware == null ? "{\"state\": \"online\"}"
                : "{\"firmware\": \"" + firmware + "\", \"state\": \"online\"}";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
