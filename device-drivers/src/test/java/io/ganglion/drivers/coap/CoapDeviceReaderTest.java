package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import io.ganglion.drivers.testing.RecordingSink;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway as a CoAP client: a real Californium server on loopback plays the device. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoapDeviceReaderTest {
    /** Loopback answers in microseconds; short timeouts keep the unreachable case fast. */
    private static final CoapReaderTimings FAST = new CoapReaderTimings(Duration.ofMillis(100), 1,
            Duration.ofMillis(20), Duration.ofMillis(400), Duration.ofMillis(50));
    private static final Duration WAIT = Duration.ofSeconds(8);

    private final RecordingSink sink = new RecordingSink();
    private ObservableDevice device;
    private CoapDeviceReader reader;

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) {
            reader.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (device != null) {
            device.close();
        }
        sink.close();
    }

    private CoapDeviceReader read(URI resource, boolean observe, Duration period) throws Exception {
        reader = new CoapDeviceReader(List.of(new CoapReadTarget("airq-1", resource, observe, period)), FAST,
                Duration.ofSeconds(2));
        reader.start(sink).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return reader;
    }

    @Test
    void every_notification_of_an_observed_resource_reaches_the_sink() throws Exception {
        device = new ObservableDevice(0);
        read(device.air(), true, null);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v0")); // the registration's answer
        device.set("v1");
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v1"));
        device.set("v2");
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v2"));

        assertThat(sink.committedPayloads()).containsExactly("v0", "v1", "v2");
        InboundMessage first = sink.committed().get(0);
        assertThat(first.transport()).isEqualTo(Transport.COAP);
        assertThat(first.deviceId()).isEqualTo("airq-1");
        assertThat(first.channel()).isEqualTo(Channel.TELEMETRY);
        assertThat(first.address()).isEqualTo(device.air().toString());
        assertThat(first.qos()).isEqualTo(1);
        assertThat(reader.stats("airq-1").requests()).isEqualTo(1); // one registration, notifications after it
    }

    @Test
    void a_resource_that_is_not_observed_is_polled_at_the_period() throws Exception {
        device = new ObservableDevice(0);
        read(device.air(), false, Duration.ofMillis(100));
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v0"));
        device.set("v1");
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v1"));

        assertThat(reader.stats("airq-1").requests()).isGreaterThanOrEqualTo(2);
        assertThat(reader.stats("airq-1").delivered()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void a_device_that_restarts_is_observed_again_and_notifications_resume() throws Exception {
        device = new ObservableDevice(0);
        int port = device.port();
        read(device.air(), true, Duration.ofMillis(400));
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v0"));

        device.close(); // the device reboots and forgets its observers
        device = new ObservableDevice(port);
        device.set("after-restart");
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("after-restart"));
        long requestsAfterRestart = reader.stats("airq-1").requests();
        device.set("notified");
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("notified"));

        assertThat(requestsAfterRestart).isGreaterThanOrEqualTo(2);
    }

    @Test
    void an_unreachable_device_is_retried_with_back_off_until_it_answers() throws Exception {
        int silentPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silentPort = probe.getLocalPort(); // closed again: nothing answers there
        }
        read(URI.create("coap://127.0.0.1:" + silentPort + "/air"), true, Duration.ofSeconds(1));

        await().atMost(WAIT).until(() -> reader.stats("airq-1").failedAttempts() >= 3);
        CoapReadStats stats = reader.stats("airq-1");
        assertThat(stats.requests()).isGreaterThanOrEqualTo(stats.failedAttempts());
        assertThat(stats.delivered()).isZero();
        assertThat(sink.accepted()).isEmpty();

        device = new ObservableDevice(silentPort); // the device is switched on: the next retry finds it
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v0"));
    }

    @Test
    void a_payload_the_store_refuses_is_kept_and_offered_again() throws Exception {
        device = new ObservableDevice(0);
        sink.refuseNext(2);
        read(device.air(), true, null);
        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v0"));

        assertThat(sink.refusals()).isEqualTo(2);
        assertThat(reader.stats("airq-1").delivered()).isEqualTo(1);
    }

    @Test
    void while_the_store_is_overloaded_only_the_latest_reading_waits_and_older_ones_are_counted_dropped()
            throws Exception {
        device = new ObservableDevice(0);
        sink.refuseNext(Integer.MAX_VALUE);
        read(device.air(), true, null);
        await().atMost(WAIT).until(() -> sink.refusals() >= 1); // v0 waits
        device.set("v1");
        await().atMost(WAIT).until(() -> reader.stats("airq-1").dropped() >= 1); // v1 displaced v0
        device.set("v2");
        await().atMost(WAIT).until(() -> reader.stats("airq-1").dropped() >= 2);
        sink.refuseNext(0); // the store has room again

        await().atMost(WAIT).until(() -> sink.committedPayloads().contains("v2"));
        assertThat(sink.committedPayloads()).containsExactly("v2");
    }
}
