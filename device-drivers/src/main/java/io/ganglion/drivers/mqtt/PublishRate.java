package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.TokenBucket;
import io.vertx.core.Context;
import java.util.concurrent.TimeUnit;

/**
 * One connection's message rate ({@code mqtt.endpoint.limits.messagesPerSecond}). Every PUBLISH takes from it; one
 * that leaves it in debt makes the connection stop reading until the debt is repaid, so TCP holds the device's further
 * messages. The message itself is taken: the rate slows a device down and never drops what it sent. Used on the
 * connection's event loop only.
 */
final class PublishRate {
    private final TokenBucket bucket;
    private final Context context;
    private boolean over;

    /** @param perSecond 0: no limit */
    PublishRate(int perSecond, Context context) {
        this.bucket = perSecond == 0 ? null : new TokenBucket(perSecond, perSecond, System.nanoTime());
        this.context = context;
    }

    /**
     * Takes one message from the rate.
     *
     * @param onRepaid run on the connection's context once the debt is repaid, when this returns true
     * @return true when this message put the connection over its rate: stop reading it until {@code onRepaid}
     */
    boolean take(Runnable onRepaid) {
        if (bucket == null || bucket.take(System.nanoTime()) == 0 || over) {
            return false;
        }
        over = true;
        resumeWhenRepaid(onRepaid);
        return true;
    }

    /** True while reading must stay stopped. */
    boolean over() {
        return over;
    }

    private void resumeWhenRepaid(Runnable onRepaid) {
        long wait = bucket.nanosUntilRepaid(System.nanoTime());
        if (wait == 0) {
            over = false;
            onRepaid.run();
            return;
        }
        context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)),
                id -> context.runOnContext(v -> resumeWhenRepaid(onRepaid)));
    }
}
