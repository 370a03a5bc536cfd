package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchFormatException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * Sends the outbox to the cloud endpoint, up to {@code maxInFlight} requests at a time: take a batch (alerts first;
 * one take at a time, so no two requests share a record), encode it, POST it with the gateway's bearer token; on a
 * 200 whose {@code acked} covers the batch acknowledge it, on a retryable failure (5xx, 408, 429, 401/403, no
 * connection, timeout, a 200 that does not ack the batch) put it back and wait (exponential back-off, full jitter),
 * on any other 4xx park its records as refused and go on. After a failure one request at a time probes the endpoint
 * until a success. After an outage or a restart the backlog drains at most {@code drainRecordsPerSecond} while live
 * records and alerts go first, the backlog a full batch at a time. Everything runs on the Vert.x context it was
 * created on; the outbox's JDBC runs on the outbox's thread and the body's encoding (in JSON, the stored record
 * fragments joined) on a worker, never on the event loop.
 *
 * <p>With several requests in flight, failures are counted per back-off round: the first retryable failure of a
 * request sent since the last back-off began starts a back-off (and counts in {@code consecutiveFailures}); a request
 * sent before that back-off began that fails too only releases its records and counts in {@code failuresTotal}, and
 * one that succeeds is acknowledged but does not end the failure streak (docs/sync.md).
 *
 * <p>This class is the rounds of requests and back-offs; its collaborators are the endpoint's side of a request
 * ({@link UplinkEndpoint}: the HTTP client, the body, what an answer means), the drain's token bucket
 * ({@link DrainLimiter}), the back-off schedule ({@link Backoff}) and what the status reports ({@link UplinkCounters}).
 */
public final class UplinkClient {
    /** How long {@link #stop()} waits for the answers of requests in flight. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(3);
    /** Outcomes of requests kept for the status: enough for the dashboard's table, bounded. */
    public static final int RECENT_BATCHES = 20;

    private final Vertx vertx;
    private final Context context;
    private final Outbox outbox;
    private final UplinkSettings settings;
    private final RandomGenerator random;
    private final UplinkEndpoint endpoint;
    private final DrainLimiter drain;
    private final UplinkCounters counters;
    private final Clock clock;
    private LongConsumer onBackoff = ms -> { };

    private boolean running;
    /** A batch is being taken from the outbox (or the backlog checked): one at a time. */
    private boolean taking;
    private int inFlight;
    private long timerId = -1;
    private boolean backingOff;
    /** Back-offs begun since start: a request remembers the round it was sent in. */
    private long round;
    private boolean wakeRequested;
    private int consecutiveFailures;

    /** A request on its way: its records' seqs, the highest of them, and the back-off round it was sent in. */
    private record Sent(List<Long> seqs, long highest, long round, long sentAtMs) {
    }

    public UplinkClient(Vertx vertx, Outbox outbox, UplinkSettings settings, Clock clock) {
        this(vertx, outbox, settings, clock, ThreadLocalRandom.current());
    }

    UplinkClient(Vertx vertx, Outbox outbox, UplinkSettings settings, Clock clock, RandomGenerator random) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.outbox = outbox;
        this.settings = settings;
        this.random = random;
        this.endpoint = new UplinkEndpoint(vertx, settings);
        this.drain = new DrainLimiter(settings.drainRecordsPerSecond(), settings.maxBatchRecords(), clock);
        this.counters = new UplinkCounters(endpoint.url(), clock);
        this.clock = clock;
    }

    /** For tests: sees every back-off delay chosen. */
    void onBackoff(LongConsumer listener) {
        this.onBackoff = listener;
    }

    /** Starts sending. Records already in the outbox (from before a restart) are backlog: they drain at the rate. */
    public void start() {
        context.runOnContext(v -> {
            if (running) {
                return;
            }
            running = true;
            drain.begin(outbox.nextSeq());
            pump();
        });
    }

    /** New records are in the outbox: send now unless waiting out a back-off. Cheap; call it after each append. */
    public void wake() {
        context.runOnContext(v -> pumpSoon());
    }

    /**
     * Stops taking batches and waits up to {@link #STOP_GRACE} for the requests in flight to be answered and their
     * answers recorded, so that a graceful stop does not make the next start send them again; then closes the HTTP
     * client. A request still unanswered by then is cut: its records stay {@code sent} until the next start, which
     * sends them again (the cloud deduplicates). A batch taken but not sent stays {@code sent} likewise.
     */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            running = false;
            backingOff = false;
            cancelTimer();
            closeWhenIdle(System.nanoTime() + STOP_GRACE.toNanos(), stopped);
        });
        return stopped.future();
    }

    private void closeWhenIdle(long deadlineNanos, Promise<Void> stopped) {
        if ((inFlight > 0 || taking) && System.nanoTime() < deadlineNanos) {
            vertx.setTimer(20, id -> closeWhenIdle(deadlineNanos, stopped)); // a few polls at a stop: simplest
            return;
        }
        endpoint.close();
        stopped.complete();
    }

    public Future<SyncStatus> status() {
        return Future.fromCompletionStage(outbox.stats(), context)
                .map(s -> counters.status(s, consecutiveFailures, drain.draining()));
    }

    /** After a failure, one request probes the endpoint until a success opens the window again. */
    private int window() {
        return consecutiveFailures > 0 ? 1 : settings.maxInFlight();
    }

    /** Takes another batch now, or after the take in progress (which may have missed new records). */
    private void pumpSoon() {
        if (!running || backingOff) {
            return; // the back-off's end pumps
        }
        if (taking) {
            wakeRequested = true;
        } else {
            cancelTimer();
            pump();
        }
    }

    private void pump() {
        if (!running || taking || backingOff || inFlight >= window()) {
            return;
        }
        taking = true;
        wakeRequested = false;
        long takenInRound = round;
        BatchRequest request = drain.draining()
                ? new BatchRequest(settings.maxBatchRecords(), settings.maxBatchBytes(), drain.liveFromSeq(),
                        drain.allowance())
                : BatchRequest.of(settings.maxBatchRecords(), settings.maxBatchBytes());
        Future.fromCompletionStage(outbox.nextStoredBatch(request), context).onComplete(ar -> {
            if (ar.failed()) {
                taking = false;
                failed(takenInRound, "outbox: " + ar.cause().getMessage(), false);
            } else if (ar.result().isEmpty()) {
                idle(); // clears taking
            } else if (!running) {
                taking = false; // stopped meanwhile: the records stay sent until the next start
            } else if (backingOff) {
                taking = false; // a request failed meanwhile: no new request until the back-off is over
                // Queued before the probe's take; should it fail, the records stay sent until the next start.
                outbox.release(ar.result().stream().map(StoredRecord::seq).toList());
            } else {
                taking = false;
                send(ar.result(), takenInRound);
                pump(); // another while the window has room
            }
        });
    }

    /** Nothing could be taken: no records, or only backlog and not a batch's worth of drain tokens yet. */
    private void idle() {
        if (!drain.draining()) {
            taking = false;
            schedulePoll(wakeRequested ? 0 : settings.idlePoll().toMillis());
            return;
        }
        long from = drain.liveFromSeq();
        Future.fromCompletionStage(outbox.hasStoredBelow(from), context).onComplete(ar -> {
            taking = false;
            boolean backlogLeft = ar.failed() || ar.result();
            if (!backlogLeft && inFlight == 0 && drain.liveFromSeq() == from && !wakeRequested) {
                drain.end(); // the backlog is drained
                schedulePoll(0);
            } else if (wakeRequested) {
                schedulePoll(0);
            } else if (!backlogLeft) {
                // A request in flight may still fail and put backlog back: its answer pumps and this looks again.
                schedulePoll(settings.idlePoll().toMillis());
            } else {
                schedulePoll(Math.min(settings.idlePoll().toMillis(), Math.max(1, drain.millisUntilBatch())));
            }
        });
    }

    private void send(List<StoredRecord> records, long takenInRound) {
        drain.spend(records);
        inFlight++;
        List<Long> seqs = records.stream().map(StoredRecord::seq).toList();
        Sent sent = new Sent(seqs, seqs.stream().mapToLong(Long::longValue).max().orElseThrow(), takenInRound,
                clock.millis());
        endpoint.send(context, records).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof BatchFormatException e) {
                // A damaged outbox row: put back and retried like an outbox failure, named in the status.
                retryLater(sent, "outbox: a stored record of the batch up to seq " + sent.highest()
                        + " does not decode: " + e.getMessage());
            } else if (ar.failed()) {
                retryLater(sent, "no answer: " + ar.cause());
            } else {
                answered(sent, ar.result());
            }
        });
    }

    private void answered(Sent sent, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200) {
            long acked = UplinkEndpoint.ackedSeq(response);
            if (acked < sent.highest()) {
                // Only an acknowledgement of the whole batch lets the gateway forget it; the cloud deduplicates.
                retryLater(sent, "200 without an acknowledgement of the batch up to seq " + sent.highest() + ":"
                        + (acked < 0 ? " no acked" : " acked " + acked) + UplinkEndpoint.reason(response));
                return;
            }
            Future.fromCompletionStage(outbox.acknowledge(sent.seqs()), context).onComplete(ar -> {
                inFlight--;
                if (ar.failed()) {
                    // Still sent: the next start re-sends them and the cloud deduplicates.
                    failed(sent.round(), "outbox: " + ar.cause().getMessage(), false);
                    return;
                }
                if (sent.round() == round) {
                    consecutiveFailures = 0; // sent since the last back-off began: the endpoint is back
                }
                counters.acknowledged(sent.seqs().size());
                remember(sent, "acked", null);
                pumpSoon();
            });
        } else if (UplinkEndpoint.retryable(status)) {
            retryLater(sent, status + " " + response.statusMessage() + UplinkEndpoint.reason(response));
        } else {
            String why = "refused: " + status + UplinkEndpoint.reason(response) + " (batch up to seq "
                    + sent.highest() + ", " + sent.seqs().size() + " records parked)";
            Future.fromCompletionStage(outbox.refuse(sent.seqs(), why), context).onComplete(ar -> {
                inFlight--;
                remember(sent, "refused", why);
                counters.noteError(why, consecutiveFailures);
                if (ar.failed()) {
                    failed(sent.round(), "outbox: " + ar.cause().getMessage(), false);
                } else {
                    pumpSoon();
                }
            });
        }
    }

    private void retryLater(Sent sent, String error) {
        Future.fromCompletionStage(outbox.release(sent.seqs()), context).onComplete(ar -> {
            inFlight--;
            remember(sent, "retried", error);
            failed(sent.round(), error, true);
        });
    }

    private void remember(Sent sent, String outcome, String detail) {
        counters.remember(sent.seqs().size(), sent.highest(), outcome, detail, sent.sentAtMs());
    }

    /**
     * A failure of work begun in {@code startedInRound}. In the current round it begins a back-off (the first since a
     * success also begins a drain); from an earlier round (a request in flight beside the one that failed first) it
     * is the same outage seen again: it is counted and noted, and the back-off under way is left as it is.
     */
    private void failed(long startedInRound, String error, boolean uplink) {
        counters.failed();
        if (startedInRound != round) {
            counters.noteError(error, consecutiveFailures);
            pumpSoon();
            return;
        }
        round++;
        if (uplink && consecutiveFailures == 0) {
            drain.begin(outbox.nextSeq()); // the outage begins: what is in the outbox now is backlog
        }
        consecutiveFailures++;
        counters.noteError(error, consecutiveFailures);
        long delay = Backoff.delayMs(consecutiveFailures, settings.backoffBase().toMillis(),
                settings.backoffCap().toMillis(), random);
        onBackoff.accept(delay);
        if (running) {
            cancelTimer();
            backingOff = true;
            timerId = vertx.setTimer(Math.max(1, delay), id -> {
                timerId = -1;
                backingOff = false;
                pump();
            });
        }
    }

    /** Looks for records again after a while, unless waiting out a back-off (its end looks anyway). */
    private void schedulePoll(long delayMs) {
        if (!running || backingOff) {
            return;
        }
        cancelTimer();
        timerId = vertx.setTimer(Math.max(1, delayMs), id -> {
            timerId = -1;
            pump();
        });
    }

    private void cancelTimer() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }
}
