package io.ganglion.sim.plan;

import java.util.Arrays;

/**
 * One message a virtual device sends. Immutable: the payload array is never written after the message is made, and
 * must not be written by its users either (it is not copied, because a run makes millions of them).
 *
 * @param deviceId      the device's id
 * @param deviceOrdinal the device's number in the fleet
 * @param channel       telemetry, status or frames
 * @param payload       the bytes to send, exactly
 * @param qos           MQTT QoS, 0 or 1 (over CoAP: 1 is a confirmable request, 0 a non-confirmable one)
 * @param at            when to send it, simulated UTC epoch milliseconds
 * @param tally         what it counts for once sent
 */
public record Message(String deviceId, int deviceOrdinal, Channel channel, byte[] payload, int qos, long at,
                      Tally tally) implements SimEvent {

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m && m.deviceOrdinal == deviceOrdinal && m.at == at && m.qos == qos
                && m.channel == channel && m.deviceId.equals(deviceId) && Arrays.equals(m.payload, payload)
                && m.tally.equals(tally);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * deviceId.hashCode() + Long.hashCode(at)) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Message[" + deviceId + " " + channel.path() + " at " + at + ", " + payload.length + " bytes, qos "
                + qos + ", " + tally.kind() + "]";
    }
}
