package io.ganglion.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.drivers.fuzz.EventLoopWatch;
import io.ganglion.drivers.fuzz.MqttPackets;
import io.ganglion.runtime.Gateway;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A whole gateway's ingest path fed fuzzed device messages: the first byte of an input picks a configured device (one
 * per codec of the library), the rest is the payload of a QoS 1 PUBLISH on its telemetry topic. The gateway
 * acknowledges every one (PUBACK only after the commit), and each is accounted for: readings stored, or a rejection
 * counted in {@code ganglion_ingest_rejected_total} (with its reason). Nothing escapes to an event loop or is logged as
 * an error, and the gateway still answers GET /api/v1/health with 200 at the end.
 */
class GatewayIngestFuzzTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Gateway gateway;
    private static EventLoopWatch watch;
    private static Socket socket;
    private static DataInputStream in;
    private static int packetId;
    private static long published;

    @BeforeAll
    static void start() throws Exception {
        watch = EventLoopWatch.installLogsOnly(what -> false);
        gateway = FuzzGateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (socket != null) {
                socket.close();
            }
            int health = FuzzGateway.exchange(gateway.httpPort(),
                    FuzzGateway.request("GET", "/api/v1/health", new byte[0]));
            assertThat(health).as("GET /api/v1/health after fuzzing").isEqualTo(200);
            assertThat(watch.escaped()).as("escaped to an event loop or logged as an error").isEmpty();
            System.out.printf("Gateway ingest fuzzing: %d messages, %.0f readings stored, %.0f rejected%n", published,
                    FuzzGateway.metricSum(gateway, "ganglion_readings_stored_total"),
                    FuzzGateway.metricSum(gateway, "ganglion_ingest_rejected_total"));
        } finally {
            gateway.close();
        }
    }

    @FuzzTest(maxDuration = "3s")
    void acknowledges_and_stores_or_counts_every_message(byte[] input) throws Exception {
        if (socket == null) {
            // Jazzer's detectors report connections unless allowed, which they can be once its agent is in.
            BugDetectors.allowNetworkConnections((host, port) -> true);
            connect();
        }
        if (input.length == 0) {
            return;
        }
        String device = FuzzGateway.DEVICES.get(Math.floorMod(input[0], FuzzGateway.DEVICES.size())).id();
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        double before = accountedFor();
        packetId = packetId % 0xFFFF + 1;
        OutputStream out = socket.getOutputStream();
        out.write(publish(("devices/" + device + "/telemetry").getBytes(StandardCharsets.UTF_8), packetId, payload));
        published++;
        assertThat(awaitPuback()).as("PUBACK for %d payload bytes to %s", payload.length, device).isTrue();
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(accountedFor())
                        .as("readings stored plus rejections counted, after a message to %s", device)
                        .isGreaterThan(before));
        assertThat(watch.escaped()).as("escaped to an event loop or logged as an error").isEmpty();
    }

    private static double accountedFor() {
        return FuzzGateway.metricSum(gateway, "ganglion_readings_stored_total")
                + FuzzGateway.metricSum(gateway, "ganglion_ingest_rejected_total");
    }

    private static void connect() throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), gateway.mqttEndpointPort().orElseThrow());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) WAIT.toMillis());
        in = new DataInputStream(socket.getInputStream());
        socket.getOutputStream().write(MqttPackets.connect("fuzz-ingest"));
        assertThat(in.readUnsignedByte() & 0xF0).as("CONNACK").isEqualTo(MqttPackets.CONNACK);
        in.skipNBytes(in.readUnsignedByte());
    }

    /** Reads packets until a PUBACK; false if the gateway closed the connection instead. */
    private static boolean awaitPuback() throws IOException {
        while (true) {
            int header = in.read();
            if (header < 0) {
                return false;
            }
            int length = 0;
            for (int shift = 0, digit = 0x80; (digit & 0x80) != 0; shift += 7) {
                digit = in.readUnsignedByte();
                length |= (digit & 0x7F) << shift;
            }
            in.skipNBytes(length);
            if ((header & 0xF0) == MqttPackets.PUBACK) {
                return true;
            }
        }
    }

    /** A QoS 1 PUBLISH with the given packet id. */
    private static byte[] publish(byte[] topic, int id, byte[] payload) {
        byte[] packet = MqttPackets.publish(1, topic, payload);
        // MqttPackets uses id 1; put this one in its place, right after the topic.
        int at = packet.length - payload.length - 2;
        packet[at] = (byte) (id >> 8);
        packet[at + 1] = (byte) id;
        return packet;
    }
}
