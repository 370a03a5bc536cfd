package io.ganglion.drivers.mqtt;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays with exponential growth and full jitter: attempt {@code n} waits a uniformly random time between
 * zero and {@code min(max, initial * 2^n)}. The jitter keeps a fleet of gateways that lost the same broker from
 * reconnecting in lock-step when it comes back.
 */
final class ReconnectBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private final LongUnaryOperator uniformUpTo;

    ReconnectBackoff(Duration initial, Duration max) {
        this(initial, max, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** @param uniformUpTo returns a uniformly distributed value in {@code [0, bound]}; replaceable in tests */
    ReconnectBackoff(Duration initial, Duration max, LongUnaryOperator uniformUpTo) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        if (initialMillis < 1 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 1 ms <= initial <= max, got " + initial + " and " + max);
        }
        this.uniformUpTo = uniformUpTo;
    }

    /** The upper bound of the delay before attempt {@code attempt} (0 for the first retry). */
    long ceilingMillis(int attempt) {
        long bound = initialMillis;
        // Doubling stops at the ceiling, so there is no overflow however many attempts failed.
        for (int i = 0; i < attempt && bound < maxMillis; i++) {
            bound *= 2;
        }
        return Math.min(bound, maxMillis);
    }

    Duration delay(int attempt) {
        return Duration.ofMillis(uniformUpTo.applyAsLong(ceilingMillis(attempt)));
    }
}
