package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FullJitterBackoffTest {
    private final FullJitterBackoff backoff = new FullJitterBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void the_ceiling_doubles_per_failure_up_to_the_maximum() {
        assertThat(backoff.ceilingMillis(1)).isEqualTo(1_000);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(2_000);
        assertThat(backoff.ceilingMillis(5)).isEqualTo(16_000);
        assertThat(backoff.ceilingMillis(9)).isEqualTo(256_000);
        assertThat(backoff.ceilingMillis(10)).isEqualTo(300_000);
        assertThat(backoff.ceilingMillis(1_000)).isEqualTo(300_000);
    }

    @Test
    void delays_are_spread_over_the_whole_range_below_the_ceiling() {
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delayMillis(3);
            assertThat(delay).isBetween(1L, 4_000L);
            smallest = Math.min(smallest, delay);
            largest = Math.max(largest, delay);
        }
        assertThat(smallest).isLessThan(400); // full jitter, not "ceiling plus a little"
        assertThat(largest).isGreaterThan(3_600);
    }
}
