package io.ganglion.runtime.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down token guessing: after {@link #MAX_FAILURES} refused tokens from one remote address within
 * {@link #WINDOW_MS}, further requests from it are refused (429) until the window ends. The map is bounded
 * ({@link #MAX_ADDRESSES}, least recently failed dropped first) so that a flood from many addresses costs memory only
 * up to that bound. Thread-safe.
 */
public final class FailedAttempts {
    public static final int MAX_FAILURES = 10;
    public static final long WINDOW_MS = 60_000;
    static final int MAX_ADDRESSES = 4096;

    private static final class Window {
        long startMs;
        int failures;
    }

    private final Clock clock;
    private final Map<String, Window> byAddress = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public FailedAttempts(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    public synchronized long blockedForSeconds(String address) {
        Window window = byAddress.get(address);
        long now = clock.millis();
        if (window == null || now - window.startMs >= WINDOW_MS) {
            return 0;
        }
        return window.failures >= MAX_FAILURES ? Math.max(1, (window.startMs + WINDOW_MS - now + 999) / 1000) : 0;
    }

    public synchronized void failed(String address) {
        long now = clock.millis();
        Window window = byAddress.computeIfAbsent(address, a -> new Window());
        if (now - window.startMs >= WINDOW_MS) {
            window.startMs = now;
            window.failures = 0;
        }
        window.failures++;
    }
}
