package io.ganglion.drivers.coap;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Stages;
import io.ganglion.drivers.Transport;
import io.ganglion.drivers.coap.LatestPayloadSlot.Numbered;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one device's resource, by observing or by polling, and hands each payload to the sink.
 *
 * <p>Threads: Californium calls the handlers on its own threads; they only record state, submit (which never blocks)
 * or schedule work on the reader's scheduler, so no Californium thread ever waits. Each observe registration has a
 * generation number, so that the late error of an abandoned registration cannot trigger a second retry.
 */
final class DeviceResourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceResourceReader.class);

    private final CoapReadTarget target;
    private final String address;
    private final CoapClient client;
    private final ScheduledExecutorService scheduler;
    private final IngestSink sink;
    private final FullJitterBackoff backoff;
    private final CoapReaderTimings timings;
    private final InFlight inFlight;
    private final LatestPayloadSlot waiting = new LatestPayloadSlot();
    private final AtomicBoolean retryOfWaitingScheduled = new AtomicBoolean();
    private final AtomicBoolean registrationScheduled = new AtomicBoolean();
    private final AtomicBoolean pollOutstanding = new AtomicBoolean();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile CoapObserveRelation relation;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile ScheduledFuture<?> periodic;
    private volatile boolean awaitingAnswer;
    private volatile boolean stopped;

    DeviceResourceReader(CoapReadTarget target, Endpoint endpoint, ScheduledExecutorService scheduler,
                         IngestSink sink, CoapReaderTimings timings, InFlight inFlight) {
        this.target = target;
        this.address = target.resource().toString();
        this.client = new CoapClient(address);
        this.client.setEndpoint(endpoint);
        this.scheduler = scheduler;
        this.sink = sink;
        this.timings = timings;
        this.backoff = new FullJitterBackoff(timings.backoffBase(), timings.backoffMax());
        this.inFlight = inFlight;
    }

    void start() {
        long periodMillis = target.period() == null ? 0 : target.period().toMillis();
        if (target.observe()) {
            scheduler.execute(this::register);
            if (periodMillis > 0) {
                // Californium re-registers when a notification's Max-Age runs out; a device that restarted has
                // forgotten its observers at once, so we check more often: at most a period of silence.
                long check = Math.max(periodMillis / 4, 10);
                periodic = scheduler.scheduleWithFixedDelay(this::checkSilence, check, check, TimeUnit.MILLISECONDS);
            }
        } else {
            periodic = scheduler.scheduleWithFixedDelay(this::poll, 0, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Cancels the observation (telling the device) and the timers; the caller shuts the endpoint down. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> timer = periodic;
        if (timer != null) {
            timer.cancel(false);
        }
        CoapObserveRelation current = relation;
        if (current != null && !current.isCanceled()) {
            current.proactiveCancel();
        }
        client.shutdown();
    }

    CoapReadStats stats() {
        return new CoapReadStats(requests.get(), failedAttempts.get(), delivered.get(), waiting.dropped());
    }

    String deviceId() {
        return target.deviceId();
    }

    private void register() {
        registrationScheduled.set(false);
        if (stopped) {
            return;
        }
        int mine = generation.incrementAndGet();
        CoapObserveRelation previous = relation;
        if (previous != null) {
            previous.reactiveCancel(); // the device may have forgotten it; the next notification would reset it
        }
        lastHeardNanos = System.nanoTime();
        awaitingAnswer = true;
        requests.incrementAndGet();
        Request request = Request.newGet();
        request.setURI(address);
        request.setObserve();
        relation = client.observe(request, new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                if (generation.get() != mine || stopped) {
                    return;
                }
                awaitingAnswer = false;
                if (response.isSuccess()) {
                    heard(response);
                } else {
                    observationFailed("answered " + response.getCode());
                }
            }

            @Override
            public void onError() {
                if (generation.get() == mine && !stopped) {
                    awaitingAnswer = false;
                    observationFailed("did not answer");
                }
            }
        });
    }

    private void observationFailed(String why) {
        failedAttempts.incrementAndGet();
        int failures = consecutiveFailures.incrementAndGet();
        long delay = backoff.delayMillis(failures);
        LOG.debug("Observing {} at {}: the device {}; registering again in {} ms (failure {})", target.deviceId(),
                address, why, delay, failures);
        if (failures == 1) {
            LOG.warn("Observing {} at {}: the device {}; retrying with back-off", target.deviceId(), address, why);
        }
        scheduleRegistration(delay);
    }

    private void checkSilence() {
        if (stopped || registrationScheduled.get() || awaitingAnswer) {
            return; // a retry is on its way, or the registration is still being retransmitted: its timeout backs off
        }
        long silentNanos = System.nanoTime() - lastHeardNanos;
        if (silentNanos > target.period().toNanos()) {
            LOG.debug("Observing {} at {}: no notification for {} ms, registering again", target.deviceId(), address,
                    TimeUnit.NANOSECONDS.toMillis(silentNanos));
            scheduleRegistration(0);
        }
    }

    private void scheduleRegistration(long delayMillis) {
        if (!stopped && registrationScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::register, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        if (stopped || !pollOutstanding.compareAndSet(false, true)) {
            return; // the previous GET is still waiting for its retransmissions
        }
        requests.incrementAndGet();
        client.get(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                pollOutstanding.set(false);
                if (response.isSuccess()) {
                    heard(response);
                } else {
                    pollFailed("answered " + response.getCode());
                }
            }

            @Override
            public void onError() {
                pollOutstanding.set(false);
                pollFailed("did not answer");
            }
        });
    }

    private void pollFailed(String why) {
        failedAttempts.incrementAndGet();
        if (consecutiveFailures.incrementAndGet() == 1) {
            LOG.warn("Polling {} at {}: the device {}; polling on", target.deviceId(), address, why);
        }
    }

    private void heard(CoapResponse response) {
        lastHeardNanos = System.nanoTime();
        if (consecutiveFailures.getAndSet(0) > 0) {
            LOG.info("Reading {} at {} again", target.deviceId(), address);
        }
        Numbered reading = new Numbered(arrivals.incrementAndGet(), new InboundMessage(Transport.COAP,
                target.deviceId(), Channel.TELEMETRY, address, response.getPayload(), 1, System.currentTimeMillis()));
        if (waiting.isEmpty()) {
            submit(reading);
        } else {
            waiting.offer(reading); // the store is refusing: only the newest waits, the retry submits it
        }
    }

    private void submit(Numbered reading) {
        CompletionStage<IngestResult> stage = sink.submit(reading.message());
        inFlight.track(stage);
        stage.whenComplete((result, error) -> {
            Throwable cause = Stages.unwrap(error);
            if (cause == null) {
                delivered.incrementAndGet();
            } else if (cause instanceof OverloadedException) {
                waiting.offer(reading);
                scheduleRetryOfWaiting();
            } else {
                LOG.warn("Reading of {} from {} not stored: {}", target.deviceId(), address, cause.toString());
            }
        });
    }

    private void scheduleRetryOfWaiting() {
        if (!stopped && retryOfWaitingScheduled.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                retryOfWaitingScheduled.set(false);
                Numbered reading = waiting.take();
                if (reading != null && !stopped) {
                    submit(reading);
                }
            }, timings.overloadRetry().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sink stages not yet complete, so that stop can wait for them. */
    interface InFlight {
        void track(CompletionStage<IngestResult> stage);
    }
}
