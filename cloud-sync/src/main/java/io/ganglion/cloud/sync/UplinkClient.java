package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchFormatException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * records and alerts go first, the backlog a full batch at a time (a batch's worth of tokens saved up first).
 * Everything runs on the Vert.x context it was created on; the outbox's JDBC runs on the outbox's thread and the
 * body's encoding (in JSON, the stored record fragments joined) on a worker, never on the event loop.
 *
 * <p>With several requests in flight, failures are counted per back-off round: the first retryable failure of a
 * request sent since the last back-off began starts a back-off (and counts in {@code consecutiveFailures}); a request
 * sent before that back-off began that fails too only releases its records and counts in {@code failuresTotal}, and
 * one that succeeds is acknowledged but does not end the failure streak (docs/sync.md).
 */
public final class UplinkClient {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkClient.class);
    private static final int MAX_ERROR_TEXT = 200;
    /** How long {@link #stop()} waits for the answers of requests in flight. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(3);
    /** Outcomes of requests kept for the status: enough for the dashboard's table, bounded. */
    public static final int RECENT_BATCHES = 20;

    private final Vertx vertx;
    private final Context context;
    private final Outbox outbox;
    private final UplinkSettings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final WebClient web;
    private final String url;
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
    private String lastError;
    private long lastErrorAtMs;
    private long liveFromSeq;
    private double drainTokens;
    private long drainRefilledAtMs;
    private long ackedRecords;
    private long batchesSent;
    private long failuresTotal;
    private long lastErrorLogMs;
    /** Newest first; touched on the client's context only. */
    private final java.util.ArrayDeque<BatchOutcome> recent = new java.util.ArrayDeque<>(RECENT_BATCHES);

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
        this.clock = clock;
        this.random = random;
        boolean tls = "https".equals(settings.endpoint().getScheme());
        WebClientOptions options = new WebClientOptions()
                .setUserAgent("ganglion-gateway")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
                .setSsl(tls)
                .setVerifyHost(true);
        if (tls && settings.trustPem() != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(settings.trustPem().toString()));
        }
        // A connection per request in flight: beyond the pool's size requests would queue inside the client.
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(Math.max(PoolOptions.DEFAULT_MAX_POOL_SIZE, settings.maxInFlight()));
        this.web = WebClient.create(vertx, options, pool);
        String base = settings.endpoint().toString().replaceAll("/+$", "");
        this.url = base + "/api/v1/gateways/" + URLEncoder.encode(settings.gatewayId(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/batches";
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
            beginDrain();
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
        web.close();
        stopped.complete();
    }

    public Future<SyncStatus> status() {
        return Future.fromCompletionStage(outbox.stats(), context).map(s -> {
            long now = clock.millis();
            return new SyncStatus(s.backlogRecords(), s.backlogBytes(), s.sentRecords(), s.refusedRecords(),
                    s.oldestUnsentMillis() < 0 ? 0 : Math.max(0, now - s.oldestUnsentMillis()), s.lastAckedSeq(),
                    s.nextSeq(), consecutiveFailures, lastError, lastErrorAtMs, liveFromSeq > 0, s.sacrificed(),
                    s.refusedTotal(), ackedRecords, batchesSent, failuresTotal, List.copyOf(recent));
        });
    }

    private void beginDrain() {
        liveFromSeq = outbox.nextSeq();
        drainTokens = 0;
        drainRefilledAtMs = clock.millis();
    }

    /**
     * How many backlog records the next batch may take: none until a full batch's worth of tokens (or, below one
     * batch a second, a second's worth) is saved up, then all the tokens. Taking whatever had built up made batches
     * of a few dozen records at short intervals, each costing a request's CPU; the average rate is the same.
     */
    private int drainAllowance() {
        long now = clock.millis();
        double rate = settings.drainRecordsPerSecond();
        drainTokens = Math.min(rate, drainTokens + Math.max(0, now - drainRefilledAtMs) * rate / 1000.0);
        drainRefilledAtMs = now;
        return drainTokens >= drainQuantum() ? (int) drainTokens : 0;
    }

    /** The backlog's batch: a full one, or a second's worth when the rate is below a batch a second. */
    private int drainQuantum() {
        return Math.min(settings.maxBatchRecords(), settings.drainRecordsPerSecond());
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
        BatchRequest request = liveFromSeq > 0
                ? new BatchRequest(settings.maxBatchRecords(), settings.maxBatchBytes(), liveFromSeq, drainAllowance())
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
        if (liveFromSeq <= 0) {
            taking = false;
            schedulePoll(wakeRequested ? 0 : settings.idlePoll().toMillis());
            return;
        }
        long from = liveFromSeq;
        Future.fromCompletionStage(outbox.hasStoredBelow(from), context).onComplete(ar -> {
            taking = false;
            boolean backlogLeft = ar.failed() || ar.result();
            if (!backlogLeft && inFlight == 0 && liveFromSeq == from && !wakeRequested) {
                liveFromSeq = 0; // the backlog is drained
                schedulePoll(0);
            } else if (wakeRequested) {
                schedulePoll(0);
            } else if (!backlogLeft) {
                // A request in flight may still fail and put backlog back: its answer pumps and this looks again.
                schedulePoll(settings.idlePoll().toMillis());
            } else {
                double missing = Math.max(0, drainQuantum() - drainTokens);
                long untilBatch = (long) Math.ceil(missing * 1000.0 / settings.drainRecordsPerSecond());
                schedulePoll(Math.min(settings.idlePoll().toMillis(), Math.max(1, untilBatch)));
            }
        });
    }

    private void send(List<StoredRecord> records, long takenInRound) {
        if (liveFromSeq > 0) {
            long backlog = records.stream().filter(r -> r.seq() < liveFromSeq).count();
            drainTokens = Math.max(0, drainTokens - backlog);
        }
        inFlight++;
        List<Long> seqs = records.stream().map(StoredRecord::seq).toList();
        Sent sent = new Sent(seqs, seqs.stream().mapToLong(Long::longValue).max().orElseThrow(), takenInRound,
                clock.millis());
        context.<byte[]>executeBlocking(() -> StoredRecord.requestBody(settings.gatewayId(), records,
                        settings.format(), settings.gzip()), false)
                .compose(body -> {
                    HttpRequest<Buffer> post = web.postAbs(url)
                            .bearerTokenAuthentication(settings.token())
                            .putHeader("Content-Type", settings.format().mediaType())
                            .timeout(settings.requestTimeout().toMillis());
                    if (settings.gzip()) {
                        post.putHeader("Content-Encoding", "gzip");
                    }
                    return post.sendBuffer(Buffer.buffer(body));
                })
                .onComplete(ar -> {
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
            long acked = ackedSeq(response);
            if (acked < sent.highest()) {
                // Only an acknowledgement of the whole batch lets the gateway forget it; the cloud deduplicates.
                retryLater(sent, "200 without an acknowledgement of the batch up to seq " + sent.highest() + ":"
                        + (acked < 0 ? " no acked" : " acked " + acked) + reason(response));
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
                ackedRecords += sent.seqs().size();
                batchesSent++;
                remember(sent, "acked", null);
                pumpSoon();
            });
        } else if (retryable(status)) {
            retryLater(sent, status + " " + response.statusMessage() + reason(response));
        } else {
            String why = "refused: " + status + reason(response) + " (batch up to seq " + sent.highest() + ", "
                    + sent.seqs().size() + " records parked)";
            Future.fromCompletionStage(outbox.refuse(sent.seqs(), why), context).onComplete(ar -> {
                inFlight--;
                remember(sent, "refused", why);
                noteError(why);
                if (ar.failed()) {
                    failed(sent.round(), "outbox: " + ar.cause().getMessage(), false);
                } else {
                    pumpSoon();
                }
            });
        }
    }

    /** The {@code acked} of a 200's JSON body, or -1 when it has none. */
    static long ackedSeq(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            Object acked = body == null ? null : body.getValue("acked");
            return acked instanceof Number n ? n.longValue() : -1;
        } catch (RuntimeException e) { // not JSON, or not an object
            return -1;
        }
    }

    /** 401/403: the token may be fixed by an operator; 408, 429 and 5xx: the cloud is busy or down. */
    static boolean retryable(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500 || status < 400;
    }

    private static String reason(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return "";
        }
        String text = body.length() > MAX_ERROR_TEXT ? body.getString(0, MAX_ERROR_TEXT) : body.toString();
        return " " + text.replaceAll("\\s+", " ");
    }

    private void retryLater(Sent sent, String error) {
        Future.fromCompletionStage(outbox.release(sent.seqs()), context).onComplete(ar -> {
            inFlight--;
            remember(sent, "retried", error);
            failed(sent.round(), error, true);
        });
    }

    /**
     * A failure of work begun in {@code startedInRound}. In the current round it begins a back-off (the first since a
     * success also begins a drain); from an earlier round (a request in flight beside the one that failed first) it
     * is the same outage seen again: it is counted and noted, and the back-off under way is left as it is.
     */
    private void failed(long startedInRound, String error, boolean uplink) {
        failuresTotal++;
        if (startedInRound != round) {
            noteError(error);
            pumpSoon();
            return;
        }
        round++;
        if (uplink && consecutiveFailures == 0) {
            beginDrain(); // the outage begins: what is in the outbox now is backlog
        }
        consecutiveFailures++;
        noteError(error);
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

    private void remember(Sent sent, String outcome, String detail) {
        long now = clock.millis();
        if (recent.size() == RECENT_BATCHES) {
            recent.removeLast();
        }
        recent.addFirst(new BatchOutcome(now, sent.seqs().size(), sent.highest(), outcome, detail,
                Math.max(0, now - sent.sentAtMs())));
    }

    private void noteError(String error) {
        lastError = error;
        lastErrorAtMs = clock.millis();
        long now = System.nanoTime() / 1_000_000;
        if (now - lastErrorLogMs > 60_000) { // one line a minute at most: the status has the rest
            lastErrorLogMs = now;
            LOG.warn("uplink to {}: {} ({} consecutive failures)", url, error, consecutiveFailures);
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
