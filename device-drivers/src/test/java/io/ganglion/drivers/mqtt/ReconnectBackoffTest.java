package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void ceiling_doubles_from_initial_and_stops_at_max() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 1000, Integer.MAX_VALUE))
                .map(backoff::ceilingMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L);
    }

    @Test
    void delay_is_drawn_between_zero_and_the_ceiling() {
        List<Long> bounds = new ArrayList<>();
        ReconnectBackoff recording = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), bound -> {
            bounds.add(bound);
            return bound / 2;
        });
        assertThat(recording.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(bounds).containsExactly(400L);
    }

    @Test
    void delay_has_full_jitter_within_bounds() {
        for (int attempt = 0; attempt < 8; attempt++) {
            long ceiling = backoff.ceilingMillis(attempt);
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 5_000; i++) {
                long delay = backoff.delay(attempt).toMillis();
                assertThat(delay).isBetween(0L, ceiling);
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            // Full jitter: the whole range is used, not a band around the exponential value.
            assertThat(min).as("smallest delay of attempt %d", attempt).isLessThanOrEqualTo(ceiling / 10);
            assertThat(max).as("largest delay of attempt %d", attempt).isGreaterThanOrEqualTo(ceiling * 9 / 10);
        }
    }

    @Test
    void rejects_a_ceiling_below_the_initial_delay() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
