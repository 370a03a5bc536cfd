package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatestPayloadSlotTest {
    private final LatestPayloadSlot slot = new LatestPayloadSlot();

    private static InboundMessage reading(String value) {
        return new InboundMessage(Transport.COAP, "airq-1", Channel.TELEMETRY, "coap://127.0.0.1/air",
                value.getBytes(StandardCharsets.UTF_8), 1, 0);
    }

    @Test
    void a_newer_reading_replaces_the_waiting_one_and_the_older_is_counted_dropped() {
        slot.offer(reading("1"));
        slot.offer(reading("2"));
        assertThat(new String(slot.take().payload(), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(slot.take()).isNull();
        assertThat(slot.dropped()).isEqualTo(1);
    }

    @Test
    void a_refused_reading_goes_back_only_when_nothing_newer_waits() {
        slot.offerBack(reading("1"));
        assertThat(slot.isEmpty()).isFalse();
        slot.take();
        slot.offer(reading("3"));
        slot.offerBack(reading("2"));
        assertThat(new String(slot.take().payload(), StandardCharsets.UTF_8)).isEqualTo("3");
        assertThat(slot.dropped()).isEqualTo(1);
    }
}
