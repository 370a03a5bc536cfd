package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import io.ganglion.drivers.coap.LatestPayloadSlot.Numbered;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LatestPayloadSlotTest {
    private final LatestPayloadSlot slot = new LatestPayloadSlot();

    private static Numbered reading(long sequence) {
        return new Numbered(sequence, new InboundMessage(Transport.COAP, "airq-1", Channel.TELEMETRY,
                "coap://127.0.0.1/air", String.valueOf(sequence).getBytes(StandardCharsets.UTF_8), 1, 0));
    }

    @Test
    void a_newer_reading_replaces_the_waiting_one_and_the_older_is_counted_dropped() {
        slot.offer(reading(1));
        slot.offer(reading(2));
        assertThat(slot.take().sequence()).isEqualTo(2);
        assertThat(slot.take()).isNull();
        assertThat(slot.isEmpty()).isTrue();
        assertThat(slot.dropped()).isEqualTo(1);
    }

    @Test
    void an_older_reading_offered_late_does_not_displace_a_newer_one() {
        slot.offer(reading(3)); // a notification got in first
        slot.offer(reading(2)); // then the retry of an older refused reading puts it back
        assertThat(slot.take().sequence()).isEqualTo(3);
        assertThat(slot.dropped()).isEqualTo(1);
    }
}
