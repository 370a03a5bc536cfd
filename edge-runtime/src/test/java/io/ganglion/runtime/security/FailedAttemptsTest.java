package io.ganglion.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit on refused tokens: per address, for one window, and bounded in the addresses it remembers. */
class FailedAttemptsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final FailedAttempts failures = new FailedAttempts(clock);

    @Test
    void an_address_is_blocked_after_the_limit_until_its_window_ends_and_others_are_not() {
        for (int i = 0; i < FailedAttempts.MAX_FAILURES - 1; i++) {
            failures.failed("10.0.0.1");
        }
        assertThat(failures.blockedForSeconds("10.0.0.1")).isZero();
        failures.failed("10.0.0.1");
        assertThat(failures.blockedForSeconds("10.0.0.1")).isEqualTo(60);
        assertThat(failures.blockedForSeconds("10.0.0.2")).isZero();

        now.addAndGet(FailedAttempts.WINDOW_MS - 1500);
        assertThat(failures.blockedForSeconds("10.0.0.1")).isEqualTo(2);
        now.addAndGet(1500);
        assertThat(failures.blockedForSeconds("10.0.0.1")).isZero();
        failures.failed("10.0.0.1");
        assertThat(failures.blockedForSeconds("10.0.0.1")).as("a new window starts from one").isZero();
    }

    @Test
    void a_flood_from_many_addresses_forgets_the_least_recent_first() {
        for (int i = 0; i < FailedAttempts.MAX_FAILURES; i++) {
            failures.failed("10.0.0.1");
        }
        for (int i = 0; i < FailedAttempts.MAX_ADDRESSES; i++) {
            failures.failed("192.0.2." + i);
        }
        assertThat(failures.blockedForSeconds("10.0.0.1")).as("forgotten: the map stays bounded").isZero();
    }
}
