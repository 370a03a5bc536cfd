package io.ganglion.drivers.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Just enough MQTT 3.1.1 encoding to speak to the endpoint from a raw socket, so that fuzzed bytes reach past CONNECT. */
public final class MqttPackets {
    public static final byte[] PINGREQ = {(byte) 0xC0, 0x00};
    public static final int PINGRESP = 0xD0;
    public static final int CONNACK = 0x20;
    public static final int PUBACK = 0x40;

    private MqttPackets() {
    }

    /** CONNECT, clean session, keep-alive 60 s. */
    public static byte[] connect(byte[] clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT".getBytes(StandardCharsets.US_ASCII));
        body.write(4); // protocol level: 3.1.1
        body.write(0x02); // clean session
        body.write(0);
        body.write(60);
        writeString(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    public static byte[] connect(String clientId) {
        return connect(clientId.getBytes(StandardCharsets.UTF_8));
    }

    /** PUBLISH with any QoS bits (3 is invalid), topic bytes as given (not necessarily UTF-8), and packet id 1. */
    public static byte[] publish(int qos, byte[] topic, byte[] payload) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(0);
            body.write(1);
        }
        body.writeBytes(payload);
        return packet(0x30 | (qos & 3) << 1, body.toByteArray());
    }

    private static void writeString(ByteArrayOutputStream out, byte[] text) {
        int length = Math.min(text.length, 0xFFFF);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(text, 0, length);
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int length = body.length;
        do { // the variable-length "remaining length"
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
