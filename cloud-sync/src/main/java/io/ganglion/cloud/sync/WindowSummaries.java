package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Summary;
import io.ganglion.profiles.Reading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Window summaries per device and metric, closed on event time. A series' watermark is the latest reading time it
 * has seen minus the allowed lateness; when the series has been silent (no reading for the lateness, by the wall
 * clock), {@link #tick()} moves it to the wall clock minus the lateness. A window closes, and becomes a
 * {@link Summary}, when the watermark reaches its end. A reading for a closed window is late: it is counted and goes
 * into a late correction for that window, a second summary of the same window holding only the late readings,
 * emitted at the next {@link #tick()} (docs/sync.md). Not thread-safe: feed it from one thread or context.
 *
 * <p>What it holds can be saved and restored per series ({@link #takeChangedStates()}, {@link #restore}), so that a
 * gateway killed with windows open can rebuild them: see {@link FeedCheckpoint}.
 */
public final class WindowSummaries {
    private static final long MIN_TIME = 946_684_800_000L;
    private static final long MAX_TIME = 7_258_118_400_000L;
    private static final int MAX_TEXT = 256;
    private final WindowSettings settings;
    private final Clock clock;
    private final long windowMs;
    private final long latenessMs;
    private final Map<String, Series> series = new HashMap<>();
    /** Keys of the series whose saved state is out of date: changed since {@link #takeChangedStates()}. */
    private final Set<String> changed = new LinkedHashSet<>();
    private long lateReadings;
    private long corrections;
    private long forcedCloses;
    private long refusedReadings;

    public WindowSummaries(WindowSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.windowMs = settings.window().toMillis();
        this.latenessMs = settings.lateness().toMillis();
    }

    /** Adds a reading; returns the summaries of the windows it closed (often none). */
    public List<Summary> accept(Reading reading) {
        if (reading.timestamp() < MIN_TIME || reading.timestamp() > MAX_TIME - windowMs
                || reading.deviceId().isEmpty() || reading.deviceId().length() > MAX_TEXT
                || reading.metric().isEmpty() || reading.metric().length() > MAX_TEXT) {
            refusedReadings++; // the wire format would refuse its summary: 2000-01-01 to 2200, names 1 to 256 chars
            return List.of();
        }
        String key = reading.deviceId() + '\u0000' + reading.metric();
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= settings.maxSeries()) {
                refusedReadings++;
                return List.of();
            }
            s = new Series(reading.deviceId(), reading.metric());
            series.put(key, s);
        }
        changed.add(key);
        List<Summary> closed = new ArrayList<>();
        long start = Math.floorDiv(reading.timestamp(), windowMs) * windowMs;
        s.lastArrival = clock.millis();
        if (start + windowMs <= s.watermark) {
            lateReadings++;
            add(s.corrections, start, reading, s, closed);
            return closed;
        }
        add(s.open, start, reading, s, closed);
        s.watermark = Math.max(s.watermark, reading.timestamp() - latenessMs);
        closeUpTo(s, closed);
        return closed;
    }

    /**
     * Closes the windows of silent series by the wall clock and emits the late corrections gathered so far. Call it
     * about once a second.
     */
    public List<Summary> tick() {
        long now = clock.millis();
        List<Summary> closed = new ArrayList<>();
        for (Map.Entry<String, Series> entry : series.entrySet()) {
            Series s = entry.getValue();
            if (now - s.lastArrival >= latenessMs) {
                s.watermark = Math.max(s.watermark, now - latenessMs);
            }
            int before = closed.size();
            closeUpTo(s, closed);
            if (closed.size() > before || !s.corrections.isEmpty()) {
                changed.add(entry.getKey()); // a watermark moved by the clock alone need not be saved
            }
            for (Window w : s.corrections.values()) {
                closed.add(w.summary(s));
                corrections++;
            }
            s.corrections.clear();
        }
        return closed;
    }

    /**
     * The saved form of every series changed since the last call (its open windows, pending corrections and
     * watermark), by key; afterwards nothing counts as changed. If saving them fails, hand the keys back to
     * {@link #markChanged}.
     */
    public Map<String, byte[]> takeChangedStates() {
        Map<String, byte[]> states = new LinkedHashMap<>();
        for (String key : changed) {
            Series s = series.get(key);
            if (s != null) {
                states.put(key, SeriesState.encode(s));
            }
        }
        changed.clear();
        return states;
    }

    /** These series' states were not saved after all: take them again next time. */
    public void markChanged(Collection<String> keys) {
        changed.addAll(keys);
    }

    /**
     * Takes back saved states (at start, before any reading). Their series count as silent from now on, by the wall
     * clock. Answers how many states could not be read (each is left out).
     */
    public int restore(Map<String, byte[]> states) {
        int unreadable = 0;
        long now = clock.millis();
        for (Map.Entry<String, byte[]> entry : states.entrySet()) {
            if (series.size() >= settings.maxSeries()) {
                unreadable++;
                continue;
            }
            try {
                Series s = SeriesState.decode(entry.getValue());
                s.lastArrival = now;
                series.put(entry.getKey(), s);
            } catch (IllegalArgumentException e) {
                unreadable++;
            }
        }
        return unreadable;
    }

    /**
     * Forgets every series (after a final {@link #tick()} has closed everything) and answers their keys, so that
     * their saved states can be removed: the watermarks moved to close them must not outlive the run.
     */
    public List<String> forgetAll() {
        List<String> keys = new ArrayList<>(series.keySet());
        series.clear();
        changed.clear();
        return keys;
    }

    public WindowStats stats() {
        int open = 0;
        for (Series s : series.values()) {
            open += s.open.size();
        }
        return new WindowStats(series.size(), open, lateReadings, corrections, forcedCloses, refusedReadings);
    }

    private void add(TreeMap<Long, Window> windows, long start, Reading reading, Series s, List<Summary> closed) {
        Window w = windows.get(start);
        if (w == null) {
            if (windows.size() >= settings.maxOpenWindowsPerSeries()) {
                Map.Entry<Long, Window> oldest = windows.pollFirstEntry();
                closed.add(oldest.getValue().summary(s));
                forcedCloses++;
            }
            w = new Window(start, start + windowMs, reading.unit());
            windows.put(start, w);
        }
        if (!Double.isFinite(w.sum + reading.value())) {
            refusedReadings++; // the sum would overflow: the wire carries finite numbers only
            return;
        }
        w.add(reading.timestamp(), reading.value());
    }

    private void closeUpTo(Series s, List<Summary> closed) {
        Iterator<Window> it = s.open.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (w.end > s.watermark) {
                return;
            }
            closed.add(w.summary(s));
            it.remove();
        }
    }

    /** Counters of the summariser. */
    public record WindowStats(int series, int openWindows, long lateReadings, long lateCorrections,
                              long forcedCloses, long refusedReadings) {
    }

    static final class Series {
        final String device;
        final String metric;
        final TreeMap<Long, Window> open = new TreeMap<>();
        final TreeMap<Long, Window> corrections = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        long lastArrival;

        Series(String device, String metric) {
            this.device = device;
            this.metric = metric;
        }
    }

    static final class Window {
        final long start;
        final long end;
        final String unit;
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double first;
        long firstTime = Long.MAX_VALUE;
        double last;
        long lastTime = Long.MIN_VALUE;

        Window(long start, long end, String unit) {
            this.start = start;
            this.end = end;
            this.unit = unit;
        }

        void add(long time, double value) {
            count++;
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
            if (time < firstTime) {
                firstTime = time;
                first = value;
            }
            if (time >= lastTime) {
                lastTime = time;
                last = value;
            }
        }

        Summary summary(Series s) {
            return new Summary(s.device, s.metric, unit, start, end, count, min, max, sum, first, firstTime, last,
                    lastTime);
        }
    }
}
