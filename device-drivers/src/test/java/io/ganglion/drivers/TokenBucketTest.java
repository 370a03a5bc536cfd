package io.ganglion.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void a_full_bucket_gives_its_burst_then_the_rate() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);

        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.nanosUntilToken(0)).isEqualTo(SECOND / 10);
        assertThat(bucket.tryTake(SECOND / 10)).isTrue();
        assertThat(bucket.tryTake(SECOND / 10)).isFalse();
    }

    @Test
    void saves_up_no_more_than_its_burst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);

        int taken = 0;
        while (bucket.tryTake(60 * SECOND)) {
            taken++;
        }

        assertThat(taken).isEqualTo(2);
    }

    @Test
    void take_goes_into_debt_and_says_how_long_it_takes_to_repay() {
        TokenBucket bucket = new TokenBucket(100, 1, 0);

        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(SECOND / 100);
        assertThat(bucket.take(0)).isEqualTo(2 * SECOND / 100);
        assertThat(bucket.take(2 * SECOND / 100)).as("repaid, then one more in debt").isEqualTo(SECOND / 100);
    }

    @Test
    void refuses_a_rate_or_burst_below_one() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
