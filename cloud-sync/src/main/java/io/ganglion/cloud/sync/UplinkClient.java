package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.SyncRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * Sends the outbox to the cloud endpoint, one request at a time: take a batch (alerts first), encode it, POST it
 * with the gateway's bearer token; on 200 acknowledge it, on a retryable failure (5xx, 408, 429, 401/403, no
 * connection, timeout) put it back and wait (exponential back-off, full jitter), on any other 4xx park its records
 * as refused and go on. After an outage or a restart the backlog drains at most {@code drainRecordsPerSecond} while
 * live records and alerts go first. Everything runs on the Vert.x context it was created on; the outbox's JDBC runs
 * on the outbox's thread and encoding on a worker, never on the event loop.
 */
public final class UplinkClient {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkClient.class);
    private static final int MAX_ERROR_TEXT = 200;

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
    private boolean busy;
    private long timerId = -1;
    private boolean waitingForRetry;
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
        this.web = WebClient.create(vertx, options);
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
        context.runOnContext(v -> {
            if (!running || waitingForRetry) {
                return;
            }
            if (busy) {
                wakeRequested = true; // the batch being taken may have missed the new records
            } else {
                cancelTimer();
                pump();
            }
        });
    }

    /** Stops after the request in flight (if any); its records stay {@code sent} until the next start or restart. */
    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            running = false;
            cancelTimer();
            web.close();
            stopped.complete();
        });
        return stopped.future();
    }

    public Future<SyncStatus> status() {
        return Future.fromCompletionStage(outbox.stats(), context).map(s -> {
            long now = clock.millis();
            return new SyncStatus(s.backlogRecords(), s.backlogBytes(), s.sentRecords(), s.refusedRecords(),
                    s.oldestUnsentMillis() < 0 ? 0 : Math.max(0, now - s.oldestUnsentMillis()), s.lastAckedSeq(),
                    s.nextSeq(), consecutiveFailures, lastError, lastErrorAtMs, liveFromSeq > 0, s.sacrificed(),
                    s.refusedTotal(), ackedRecords, batchesSent, failuresTotal);
        });
    }

    private void beginDrain() {
        liveFromSeq = outbox.nextSeq();
        drainTokens = 0;
        drainRefilledAtMs = clock.millis();
    }

    private int drainAllowance() {
        long now = clock.millis();
        double rate = settings.drainRecordsPerSecond();
        drainTokens = Math.min(rate, drainTokens + Math.max(0, now - drainRefilledAtMs) * rate / 1000.0);
        drainRefilledAtMs = now;
        return (int) drainTokens;
    }

    private void pump() {
        if (!running || busy) {
            return;
        }
        busy = true;
        waitingForRetry = false;
        wakeRequested = false;
        BatchRequest request = liveFromSeq > 0
                ? new BatchRequest(settings.maxBatchRecords(), settings.maxBatchBytes(), liveFromSeq, drainAllowance())
                : BatchRequest.of(settings.maxBatchRecords(), settings.maxBatchBytes());
        Future.fromCompletionStage(outbox.nextBatch(request), context).onComplete(ar -> {
            if (ar.failed()) {
                busy = false;
                fail("outbox: " + ar.cause().getMessage(), false);
            } else if (ar.result().isEmpty()) {
                idle();
            } else {
                send(ar.result());
            }
        });
    }

    /** Nothing could be taken: no records, or only backlog and no drain allowance left this second. */
    private void idle() {
        if (liveFromSeq <= 0) {
            busy = false;
            schedule(wakeRequested ? 0 : settings.idlePoll().toMillis(), false);
            return;
        }
        Future.fromCompletionStage(outbox.hasStoredBelow(liveFromSeq), context).onComplete(ar -> {
            busy = false;
            if (ar.succeeded() && !ar.result()) {
                liveFromSeq = 0; // the backlog is drained
                schedule(0, false);
            } else {
                double missing = Math.max(0, 1 - drainTokens);
                long untilToken = (long) Math.ceil(missing * 1000.0 / settings.drainRecordsPerSecond());
                schedule(Math.min(settings.idlePoll().toMillis(), Math.max(1, untilToken)), false);
            }
        });
    }

    private void send(List<SyncRecord> records) {
        if (liveFromSeq > 0) {
            long backlog = records.stream().filter(r -> r.seq() < liveFromSeq).count();
            drainTokens = Math.max(0, drainTokens - backlog);
        }
        List<Long> seqs = records.stream().map(SyncRecord::seq).toList();
        Batch batch = new Batch(settings.gatewayId(), records);
        context.<byte[]>executeBlocking(() -> BatchCodec.encode(batch, settings.format(), settings.gzip()), false)
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
                    if (ar.failed()) {
                        retryLater(seqs, "no answer: " + ar.cause());
                    } else {
                        answered(seqs, batch.highestSeq(), ar.result());
                    }
                });
    }

    private void answered(List<Long> seqs, long highest, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200) {
            Future.fromCompletionStage(outbox.acknowledge(seqs), context).onComplete(ar -> {
                if (ar.failed()) {
                    // Still sent: the next start re-sends them and the cloud deduplicates.
                    busy = false;
                    fail("outbox: " + ar.cause().getMessage(), false);
                    return;
                }
                consecutiveFailures = 0;
                ackedRecords += seqs.size();
                batchesSent++;
                busy = false;
                pump();
            });
        } else if (retryable(status)) {
            retryLater(seqs, status + " " + response.statusMessage() + reason(response));
        } else {
            String why = "refused: " + status + reason(response) + " (batch up to seq " + highest + ", "
                    + seqs.size() + " records parked)";
            Future.fromCompletionStage(outbox.refuse(seqs, why), context).onComplete(ar -> {
                busy = false;
                noteError(why);
                if (ar.failed()) {
                    fail("outbox: " + ar.cause().getMessage(), false);
                } else {
                    pump();
                }
            });
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

    private void retryLater(List<Long> seqs, String error) {
        Future.fromCompletionStage(outbox.release(seqs), context).onComplete(ar -> {
            busy = false;
            fail(error, true);
        });
    }

    private void fail(String error, boolean uplink) {
        if (uplink && consecutiveFailures == 0) {
            beginDrain(); // the outage begins: what is in the outbox now is backlog
        }
        consecutiveFailures++;
        failuresTotal++;
        noteError(error);
        long delay = Backoff.delayMs(consecutiveFailures, settings.backoffBase().toMillis(),
                settings.backoffCap().toMillis(), random);
        onBackoff.accept(delay);
        schedule(delay, true);
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

    private void schedule(long delayMs, boolean retry) {
        if (!running) {
            return;
        }
        cancelTimer();
        waitingForRetry = retry;
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
