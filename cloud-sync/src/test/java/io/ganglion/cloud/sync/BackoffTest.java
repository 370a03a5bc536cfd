package io.ganglion.cloud.sync;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void the_ceiling_doubles_from_the_base_up_to_the_cap() {
        assertThat(Backoff.ceilingMs(1, 100, 10_000)).isEqualTo(100);
        assertThat(Backoff.ceilingMs(2, 100, 10_000)).isEqualTo(200);
        assertThat(Backoff.ceilingMs(5, 100, 10_000)).isEqualTo(1_600);
        assertThat(Backoff.ceilingMs(8, 100, 10_000)).isEqualTo(10_000);
        assertThat(Backoff.ceilingMs(10_000, 100, 10_000)).as("no overflow").isEqualTo(10_000);
    }

    @Test
    void full_jitter_spreads_waits_over_zero_to_the_ceiling() {
        Random random = new Random(42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long delay = Backoff.delayMs(4, 100, 10_000, random);
            assertThat(delay).isBetween(0L, 800L);
            seen.add(delay);
        }
        assertThat(seen).hasSizeGreaterThan(300);
        assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(100);
        assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(700);
    }
}
