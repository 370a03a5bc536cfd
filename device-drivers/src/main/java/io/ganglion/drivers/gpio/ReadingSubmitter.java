package io.ganglion.drivers.gpio;

import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Stages;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands GPIO reports to the sink. A pin cannot be paused like an MQTT connection, so when the pipeline is full the
 * report is kept and submitted again a little later (doubling delays, a bounded number of times, a bounded number
 * of reports waiting); a report that still does not fit is dropped and counted.
 */
final class ReadingSubmitter {
    static final int MAX_ATTEMPTS = 8;
    static final long FIRST_RETRY_MILLIS = 20;
    static final int MAX_WAITING = 256;
    private static final Logger LOG = LoggerFactory.getLogger(ReadingSubmitter.class);

    private final ScheduledExecutorService scheduler;
    private final IngestSink sink;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    ReadingSubmitter(ScheduledExecutorService scheduler, IngestSink sink) {
        this.scheduler = scheduler;
        this.sink = sink;
    }

    void submit(InboundMessage message) {
        inFlight.incrementAndGet();
        attempt(message, 1);
    }

    private void attempt(InboundMessage message, int attempt) {
        sink.submit(message).whenComplete((result, error) -> {
            if (error == null) {
                inFlight.decrementAndGet();
            } else if (Stages.unwrap(error) instanceof OverloadedException && attempt < MAX_ATTEMPTS) {
                retryLater(message, attempt);
            } else {
                drop(message, Stages.unwrap(error));
            }
        });
    }

    private void retryLater(InboundMessage message, int attempt) {
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            drop(message, new OverloadedException(MAX_WAITING + " GPIO reports already wait for room"));
            return;
        }
        retries.incrementAndGet();
        try {
            scheduler.schedule(() -> {
                waiting.decrementAndGet();
                attempt(message, attempt + 1);
            }, FIRST_RETRY_MILLIS << (attempt - 1), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            waiting.decrementAndGet();
            drop(message, stopped);
        }
    }

    private void drop(InboundMessage message, Throwable why) {
        inFlight.decrementAndGet();
        countDropped(message.deviceId(), why.toString());
    }

    /** Counts a report that was never submitted, or gave up on. */
    void countDropped(String deviceId, String why) {
        // The first drop and every 100th after it: a lasting overload must not flood the log; the count says all.
        if (dropped.incrementAndGet() % 100 == 1) {
            LOG.warn("GPIO report of device '{}' dropped ({} so far): {}", deviceId, dropped.get(), why);
        }
    }

    /** Reports submitted and not yet durably handled or dropped. */
    int inFlight() {
        return inFlight.get();
    }

    long dropped() {
        return dropped.get();
    }

    long retries() {
        return retries.get();
    }
}
