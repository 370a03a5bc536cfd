package io.ganglion.runtime.dashboard;

import io.ganglion.profiles.Reading;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser's live view of one device: the latest reading per metric, pushed as a Server-Sent Event at most once
 * per {@link #flush} (the dashboard flushes every second). Bounded whatever the device or the client do: it holds at
 * most one reading per metric and at most {@code maxMetrics} metrics; a newer reading replaces an unsent one (so a
 * device that sends ten times a second costs the browser one event a second), and while the client has not taken
 * what was written (the response's write queue is full) nothing more is written. Every reading that never reached the
 * client is counted in {@link #lost}. A client that has taken nothing for {@code stallLimitMillis} is disconnected.
 *
 * <p>{@link #offer} runs on the store's writer thread and never blocks; the rest runs on the stream's event loop.
 */
final class LiveStream {
    private final String device;
    private final EventSink sink;
    private final int maxMetrics;
    private final long stallLimitMillis;
    private final AtomicLong lostTotal;
    private final ConcurrentHashMap<String, Reading> pending = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();
    /** Event-loop state. */
    private long stalledSince = -1;
    private boolean closed;

    /** @param lostTotal the gateway-wide count of lost readings, added to with this stream's */
    LiveStream(String device, EventSink sink, int maxMetrics, long stallLimitMillis, AtomicLong lostTotal) {
        this.device = device;
        this.sink = sink;
        this.maxMetrics = maxMetrics;
        this.stallLimitMillis = stallLimitMillis;
        this.lostTotal = lostTotal;
    }

    String device() {
        return device;
    }

    /** A committed reading of this stream's device. Any thread; never blocks. */
    void offer(Reading reading) {
        if (pending.size() >= maxMetrics && !pending.containsKey(reading.metric())) {
            lose(); // a device with more metrics than any profile declares: the extra ones are not shown live
            return;
        }
        if (pending.put(reading.metric(), reading) != null) {
            lose(); // replaced before it was sent: the browser sees the newer value
        }
    }

    private void lose() {
        lost.incrementAndGet();
        lostTotal.incrementAndGet();
    }

    /**
     * Writes what is pending as one {@code readings} event, unless the client is behind. Returns false once the
     * stream has been closed for stalling. Event loop only.
     */
    boolean flush(long nowMillis) {
        if (closed) {
            return false;
        }
        if (sink.writeQueueFull()) {
            if (stalledSince < 0) {
                stalledSince = nowMillis;
                sink.drainHandler(v -> stalledSince = -1);
            } else if (nowMillis - stalledSince >= stallLimitMillis) {
                closed = true;
                sink.close();
                return false;
            }
            return true; // what is pending stays (one value per metric) and is coalesced until the client catches up
        }
        stalledSince = -1;
        if (pending.isEmpty()) {
            return true;
        }
        List<Reading> batch = new ArrayList<>(pending.size());
        for (String metric : pending.keySet()) {
            Reading r = pending.remove(metric);
            if (r != null) {
                batch.add(r);
            }
        }
        sink.write(event("readings", toJson(batch).encode()));
        return true;
    }

    /** An SSE comment: keeps proxies from closing an idle stream and lets the server notice a closed one. */
    void keepAlive() {
        if (!closed && !sink.writeQueueFull()) {
            sink.write(": keep-alive\n\n");
        }
    }

    void hello(long flushMillis) {
        sink.write("retry: 5000\n\n" + event("hello", new JsonObject().put("device", device)
                .put("flushMillis", flushMillis).put("maxMetrics", maxMetrics).encode()));
    }

    long lost() {
        return lost.get();
    }

    int pending() {
        return pending.size();
    }

    private JsonObject toJson(List<Reading> batch) {
        JsonArray readings = new JsonArray();
        for (Reading r : batch) {
            readings.add(new JsonObject().put("metric", r.metric()).put("ts", r.timestamp()).put("value", r.value())
                    .put("unit", r.unit()).put("quality", r.quality().name()));
        }
        return new JsonObject().put("device", device).put("lost", lost.get()).put("readings", readings);
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
