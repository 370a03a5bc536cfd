package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.ganglion.drivers.fuzz.MqttPackets;
import io.ganglion.drivers.testing.RecordingSink;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A raw TCP peer that breaks the protocol: the endpoint closes its connection and counts a protocol error, and nothing
 * reaches the event loop or the log as an unhandled exception (no WARN with a stack trace, per packet or otherwise).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointProtocolErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] PINGRESP = {(byte) 0xD0, 0x00};

    private final Vertx vertx = Vertx.vertx();
    private final RecordingSink sink = new RecordingSink();
    private final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    private final List<ILoggingEvent> warnings = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                warnings.add(event);
            }
        }
    };
    private EmbeddedEndpointDriver endpoint;

    @BeforeEach
    void start() throws Exception {
        vertx.exceptionHandler(escaped::add);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        endpoint = new EmbeddedEndpointDriver(vertx, new EndpointSettings("127.0.0.1", 0, null, null),
                Duration.ofSeconds(2));
        endpoint.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        endpoint.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sink.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void five_pingresps_after_connect_close_the_connection_and_count_one_protocol_error() throws Exception {
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.writeBytes(MqttPackets.connect("sends-pingresp"));
        for (int i = 0; i < 5; i++) {
            packets.writeBytes(PINGRESP);
        }
        assertClosedAndCounted(packets.toByteArray());
    }

    @Test
    void every_packet_only_a_server_sends_closes_the_connection() throws Exception {
        byte[][] serverOnly = {{0x20, 0x02, 0x00, 0x00} /* CONNACK */, {(byte) 0x90, 0x03, 0x00, 0x01, 0x00} /* SUBACK */,
                {(byte) 0xB0, 0x02, 0x00, 0x01} /* UNSUBACK */, PINGRESP};
        for (byte[] packet : serverOnly) {
            ByteArrayOutputStream packets = new ByteArrayOutputStream();
            packets.writeBytes(MqttPackets.connect("server-only"));
            packets.writeBytes(packet);
            assertClosedAndCounted(packets.toByteArray());
        }
    }

    @Test
    void a_packet_before_connect_is_counted_not_thrown_to_the_event_loop() throws Exception {
        assertClosedAndCounted(MqttPackets.PINGREQ);
        assertClosedAndCounted(MqttPackets.publish(0, "devices/a/telemetry".getBytes(), new byte[] {1}));
    }

    @Test
    void bytes_that_are_no_packet_before_connect_are_counted() throws Exception {
        assertClosedAndCounted(new byte[] {0x00, 0x00}); // reserved packet type 0
    }

    @Test
    void a_second_connect_is_a_protocol_error() throws Exception {
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.writeBytes(MqttPackets.connect("twice"));
        packets.writeBytes(MqttPackets.connect("twice"));
        assertClosedAndCounted(packets.toByteArray());
    }

    @Test
    void a_second_connect_of_an_unknown_protocol_version_closes_the_connection_and_leaves_none_counted() throws Exception {
        // vertx-mqtt answers this one on a new endpoint that replaces the connected one in its socket's close
        // handler: the driver never heard of the close, and the connection stayed counted as open (the fuzzing leak).
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.writeBytes(MqttPackets.connect("then-version-9"));
        packets.writeBytes(new byte[] {0x10, 0x0C, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x09, 0x02, 0x00, 0x3C,
                0x00, 0x00}); // CONNECT, protocol level 9
        assertClosedAndCounted(packets.toByteArray());
    }

    @Test
    void an_mqtt5_reason_code_vertx_mqtt_does_not_know_is_a_protocol_error() throws Exception {
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.writeBytes(new byte[] {0x10, 0x0F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C, 0x00,
                0x00, 0x02, 'v', '5'}); // CONNECT, MQTT 5, clean start, no properties, client id "v5"
        packets.writeBytes(new byte[] {0x40, 0x04, 0x00, 0x01, 0x59, 0x00}); // PUBACK with reason code 89
        assertClosedAndCounted(packets.toByteArray());
    }

    @Test
    void a_well_behaved_client_still_gets_its_pingresp() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(MqttPackets.connect("polite"));
            socket.getOutputStream().write(MqttPackets.PINGREQ);
            byte[] answer = socket.getInputStream().readNBytes(6);
            assertThat(answer).startsWith(0x20, 0x02).endsWith((byte) 0xD0, 0x00);
        }
        assertThat(endpoint.protocolErrorCount()).isZero();
    }

    private void assertClosedAndCounted(byte[] bytes) throws Exception {
        long before = endpoint.protocolErrorCount();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes);
            assertThat(readsToTheEnd(socket.getInputStream())).as("the endpoint closed the connection").isTrue();
        }
        await().atMost(WAIT).until(() -> endpoint.protocolErrorCount() == before + 1);
        await().atMost(WAIT).until(() -> endpoint.connectionCount() == 0);
        assertThat(escaped).as("thrown to the event loop").isEmpty();
        assertThat(warnings).as("warnings with a stack trace").noneMatch(w -> w.getThrowableProxy() != null);
        assertThat(warnings).as("warnings from Vert.x or Netty").noneMatch(w -> w.getLoggerName().startsWith("io.netty")
                || w.getLoggerName().startsWith("io.vertx"));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.actualPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** True when the peer closed (end of stream or reset), false if it kept the connection open. */
    private static boolean readsToTheEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // CONNACK and whatever else the endpoint answered first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
