package io.ganglion.drivers.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.mqtt.EmbeddedEndpointDriver;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The embedded MQTT endpoint fed fuzzed bytes over TCP, as a hostile or broken device would send them. The first byte
 * of an input picks how far in the bytes start: (0) straight after connecting, (1) after a valid CONNECT, or (2) as
 * the topic and payload of a well-formed PUBLISH of any QoS bits. Checked after every input: nothing escaped to an
 * event loop; a PUBLISH is accounted for (handed to the pipeline, counted as unrouted, as a protocol error or as
 * refused by the endpoint's limits);
 * and every 32 inputs, and at the end, a well-formed QoS 1 PUBLISH is still acknowledged. At the end, every fuzzing
 * connection is gone (none leaks). Messages are bounded to 4 KiB so that oversize ones are exercised too.
 */
class MqttEndpointFuzzTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicLong submitted = new AtomicLong();
    private static final AtomicLong connections = new AtomicLong();
    private static Vertx vertx;
    private static EventLoopWatch watch;
    private static EmbeddedEndpointDriver endpoint;

    /** Stores everything at once, so that the endpoint is what is under test. */
    private static final IngestSink SINK = new IngestSink() {
        @Override
        public CompletionStage<IngestResult> submit(InboundMessage message) {
            submitted.incrementAndGet();
            return CompletableFuture.completedFuture(IngestResult.STORED);
        }

        @Override
        public boolean awaitCapacity(long timeout, TimeUnit unit) {
            return true;
        }
    };

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        watch = EventLoopWatch.install(vertx);
        endpoint = new EmbeddedEndpointDriver(vertx, new EndpointSettings("127.0.0.1", 0, 4096, null));
        endpoint.start(SINK).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            probe();
            // Every fuzzing socket is closed by now; the endpoint may take a moment to see the last closes.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                    endpoint.connectionCount()).as("connections still counted as open after every peer left").isZero());
            assertThat(watch.escaped()).as("escaped to an event loop").isEmpty();
            System.out.printf("MQTT endpoint fuzzing: %d connections, %d submitted, %d unrouted, %d protocol errors,"
                    + " %d still counted as open%n", connections.get(),
                    submitted.get(), endpoint.unroutedCount(), endpoint.protocolErrorCount(),
                    endpoint.connectionCount());
        } finally {
            endpoint.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @FuzzTest(maxDuration = "3s")
    void keeps_serving_and_accounts_for_every_publish(byte[] input) throws Exception {
        if (connections.get() == 0) {
            // Jazzer's server-side request forgery detector reports every connection unless allowed; it can be told
            // once its agent is in, which is at the first input. These connections go to the endpoint only.
            BugDetectors.allowNetworkConnections((host, port) -> port == endpoint.actualPort());
        }
        long n = connections.incrementAndGet();
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            switch (Math.floorMod(input[0], 3)) {
                case 0 -> out.write(rest);
                case 1 -> {
                    out.write(MqttPackets.connect("fuzz-raw-" + n));
                    out.write(rest);
                }
                default -> {
                    publishAndCheckItIsAccountedFor(socket, n, rest);
                    return;
                }
            }
            socket.shutdownOutput();
            drain(socket.getInputStream());
        } finally {
            if (n % 32 == 0) {
                probe();
            }
            assertThat(watch.escaped()).as("escaped to an event loop").isEmpty();
        }
    }

    private static void publishAndCheckItIsAccountedFor(Socket socket, long n, byte[] rest) throws IOException {
        int qos = rest.length > 0 ? rest[0] & 3 : 1;
        int topicLength = rest.length > 1 ? Math.min(rest[1] & 0xFF, rest.length - 2) : 0;
        byte[] topic = Arrays.copyOfRange(rest, Math.min(2, rest.length), Math.min(2, rest.length) + topicLength);
        byte[] payload = Arrays.copyOfRange(rest, Math.min(2, rest.length) + topicLength, rest.length);
        long before = accountedFor();
        OutputStream out = socket.getOutputStream();
        out.write(MqttPackets.connect("fuzz-pub-" + n));
        out.write(MqttPackets.publish(qos, topic, payload));
        out.write(MqttPackets.PINGREQ);
        // The endpoint handles a connection's packets in order: once PINGREQ is answered (or the connection is
        // closed), the PUBLISH has been dealt with.
        readUntil(socket.getInputStream(), MqttPackets.PINGRESP);
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .untilAsserted(() -> assertThat(accountedFor())
                .as("PUBLISH qos bits %d, topic %s, %d payload bytes: submitted, unrouted, a protocol error or refused by a limit", qos,
                        Arrays.toString(topic), payload.length)
                .isGreaterThan(before));
    }

    private static long accountedFor() {
        return submitted.get() + endpoint.unroutedCount() + endpoint.protocolErrorCount() + endpoint.limitRefusals()
                + endpoint.deniedAccess();
    }

    /** A well-formed QoS 1 PUBLISH from a fresh client is acknowledged and reaches the pipeline. */
    private static void probe() throws IOException {
        long before = submitted.get();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(MqttPackets.connect("fuzz-probe"));
            out.write(MqttPackets.publish(1, "devices/probe/telemetry".getBytes(StandardCharsets.UTF_8),
                    "{\"t\":1}".getBytes(StandardCharsets.UTF_8)));
            InputStream in = socket.getInputStream();
            assertThat(readUntil(in, MqttPackets.CONNACK)).as("CONNACK to the probe").isTrue();
            assertThat(readUntil(in, MqttPackets.PUBACK)).as("PUBACK to the probe").isTrue();
        }
        assertThat(submitted.get()).as("the probe's message").isGreaterThan(before);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.actualPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Reads whole packets until one of {@code type} (true) or the end of the stream (false). */
    private static boolean readUntil(InputStream stream, int type) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
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
                if ((header & 0xF0) == type) {
                    return true;
                }
            }
        } catch (EOFException e) {
            return false;
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e; // the endpoint neither answered nor closed: a hang
            }
            return false; // reset by the endpoint
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // what the endpoint answers to garbage does not matter; that it closes does
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset by the endpoint
        }
    }
}
