package io.ganglion.runtime.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The overview's rates: readings stored, messages received, messages rejected and camera frames dropped per second,
 * sampled once a second from the gateway's own counters (no extra work on the ingest path), with the last
 * {@link #HISTORY} seconds kept for the overview's chart. Rates rather than totals decide what is red: a gateway that
 * rejected one message an hour ago is fine now. Samples are taken on an event loop (reading a counter is an atomic load); {@link #toJson}
 * may be called from any thread.
 */
public final class IngestRates {
    /** Seconds of history kept: the overview's chart spans two minutes. */
    static final int HISTORY = 120;
    /** The rate shown is the mean over this many seconds, steadier than one second's. */
    static final int RATE_WINDOW = 10;

    private final MeterRegistry registry;
    private final long[] times = new long[HISTORY];
    private final double[] stored = new double[HISTORY];
    private final double[] received = new double[HISTORY];
    private final double[] rejected = new double[HISTORY];
    private final double[] framesDropped = new double[HISTORY];
    private int samples;

    public IngestRates(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Samples once a second on {@code vertx} until it closes. */
    public void start(Vertx vertx) {
        sample(System.currentTimeMillis());
        vertx.setPeriodic(1000, id -> sample(System.currentTimeMillis()));
    }

    synchronized void sample(long now) {
        int i = samples % HISTORY;
        times[i] = now;
        stored[i] = total("ganglion.readings.stored");
        received[i] = total("ganglion.ingest.received");
        rejected[i] = total("ganglion.ingest.rejected");
        framesDropped[i] = total("ganglion.frames.dropped");
        samples++;
    }

    private double total(String name) {
        double sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += counter.count();
        }
        return sum;
    }

    /**
     * {@code {storedPerSecond, receivedPerSecond, rejectedPerSecond, framesDroppedPerSecond, storedTotal,
     * receivedTotal, rejectedTotal, history: [{t, stored, received, rejected}, ...]}}: rates over the last {@link #RATE_WINDOW} seconds, history per
     * second, oldest first.
     */
    public synchronized JsonObject toJson() {
        JsonObject json = new JsonObject();
        int n = Math.min(samples, HISTORY);
        if (n == 0) {
            return json.put("storedPerSecond", 0).put("receivedPerSecond", 0).put("rejectedPerSecond", 0)
                    .put("framesDroppedPerSecond", 0).put("history", new JsonArray());
        }
        int last = (samples - 1) % HISTORY;
        int back = Math.min(n - 1, RATE_WINDOW);
        int first = Math.floorMod(samples - 1 - back, HISTORY);
        double seconds = Math.max(1e-3, (times[last] - times[first]) / 1000.0);
        json.put("storedPerSecond", back == 0 ? 0 : round((stored[last] - stored[first]) / seconds))
                .put("receivedPerSecond", back == 0 ? 0 : round((received[last] - received[first]) / seconds))
                .put("rejectedPerSecond", back == 0 ? 0 : round((rejected[last] - rejected[first]) / seconds))
                .put("framesDroppedPerSecond", back == 0 ? 0
                        : round((framesDropped[last] - framesDropped[first]) / seconds))
                .put("storedTotal", (long) stored[last])
                .put("receivedTotal", (long) received[last])
                .put("rejectedTotal", (long) rejected[last]);
        JsonArray history = new JsonArray();
        for (int k = n - 1; k >= 1; k--) {
            int cur = Math.floorMod(samples - k, HISTORY);
            int prev = Math.floorMod(samples - k - 1, HISTORY);
            double dt = Math.max(1e-3, (times[cur] - times[prev]) / 1000.0);
            history.add(new JsonObject().put("t", times[cur])
                    .put("stored", round((stored[cur] - stored[prev]) / dt))
                    .put("received", round((received[cur] - received[prev]) / dt))
                    .put("rejected", round((rejected[cur] - rejected[prev]) / dt)));
        }
        return json.put("history", history);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
