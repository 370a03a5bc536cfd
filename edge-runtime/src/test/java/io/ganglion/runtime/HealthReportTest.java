package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthReportTest {
    private static final long START = 1_795_000_000_000L;

    @Test
    void aCameraNeedsAttentionWhenItsSourceFailsAndItHasGoneQuiet() {
        long minute = HealthReport.CAMERA_SILENCE_MS;
        assertThat(HealthReport.needsAttention(3, 0, START, START + minute + 1)).as("never sent, a minute up")
                .isTrue();
        assertThat(HealthReport.needsAttention(3, 0, START, START + 5_000)).as("just started").isFalse();
        assertThat(HealthReport.needsAttention(3, START + 100_000, START, START + 100_000 + minute / 2))
                .as("sent recently despite problems").isFalse();
        assertThat(HealthReport.needsAttention(0, START, START, START + 10 * minute))
                .as("quiet but no problem reported: a camera that pushes may simply have nothing to send")
                .isFalse();
    }
}
