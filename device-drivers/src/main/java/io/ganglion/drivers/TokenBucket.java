package io.ganglion.drivers;

/**
 * The rate a device may send at: {@code perSecond} tokens a second, at most {@code burst} saved up, one token per
 * message. Listeners use it two ways: CoAP refuses a request when {@link #tryTake} finds no token (the device retries
 * after Max-Age), the MQTT endpoint always {@link #take}s and stops reading the connection for the time the debt
 * takes to repay (TCP holds the rest, nothing is lost).
 *
 * <p>Not thread-safe: each bucket belongs to one connection's event loop, or is used under its owner's lock. Time is
 * passed in, in nanoseconds of {@link System#nanoTime()}, so tests need no sleeping.
 */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    /** A full bucket: a device may send {@code burst} messages at once before the rate applies. */
    public TokenBucket(int perSecond, int burst, long nowNanos) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be at least 1, got " + perSecond + " and "
                    + burst);
        }
        this.tokensPerNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes a token if there is one. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Takes a token, going into debt if there is none.
     *
     * @return nanoseconds until the debt is repaid and the next message may be read; 0 if there was a token
     */
    public long take(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }

    /** Nanoseconds until a debt left by {@link #take} is repaid; 0 if there is none. */
    public long nanosUntilRepaid(long nowNanos) {
        refill(nowNanos);
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }

    /** Nanoseconds until a whole token is there; 0 if one is. */
    public long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            refilledAt = nowNanos;
        }
    }
}
