package io.ganglion.inference.source;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A camera's snapshot URL (an HTTP GET answering one JPEG), polled at a fixed interval on the source's own daemon
 * thread, named {@code snapshot-<camera>}. Polling suits cameras that have no stream, or sites that need a frame
 * every few seconds rather than 25 a second: nothing is transferred between polls.
 *
 * <p>Each poll that does not yield an image is reported to {@link FrameSink#problem} and the next poll comes at its
 * time anyway, so a camera that is down is simply retried at the interval: no back-off is needed, since the
 * interval itself bounds the load. Reported: connection failures, no answer within the connect plus read timeouts,
 * a non-2xx status, a body that is not a JPEG or PNG (judged by its bytes: cameras answer errors with HTML and
 * status 200), and a body over {@link SourceLimits#maxFrameBytes()}, which is not read past the limit.
 */
public final class SnapshotSource implements FrameSource {
    private final String cameraId;
    private final URI url;
    private final Duration interval;
    private final SourceLimits limits;
    private final String origin;
    private final Poller poller;
    private final AtomicBoolean started = new AtomicBoolean();
    private HttpClient client;
    private HttpRequest request;
    private volatile CompletableFuture<HttpResponse<byte[]>> inFlight;

    public SnapshotSource(String cameraId, URI url, Duration interval) {
        this(cameraId, url, interval, SourceLimits.defaults());
    }

    /** @param interval time between the starts of two polls (at least 1 ms) */
    public SnapshotSource(String cameraId, URI url, Duration interval, SourceLimits limits) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.url = CameraHttp.checked(url);
        SourceLimits.requirePositive("interval", interval);
        this.interval = interval;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.origin = "snapshot " + CameraHttp.redacted(url);
        this.poller = new Poller(cameraId, "snapshot-" + cameraId);
    }

    @Override
    public void start(FrameSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(describe() + " was already started");
        }
        client = CameraHttp.client(limits);
        request = CameraHttp.get(url, limits, "image/jpeg, image/png;q=0.9, */*;q=0.1");
        FrameSink guarded = new GuardedSink(sink);
        poller.start(interval, () -> poll(guarded), guarded);
    }

    @Override
    public String describe() {
        return origin;
    }

    private void poll(FrameSink sink) {
        CompletableFuture<HttpResponse<byte[]>> answer =
                client.sendAsync(request, BoundedBody.handler(limits.maxFrameBytes()));
        inFlight = answer;
        HttpResponse<byte[]> response;
        try {
            // The request timeout ends at the headers; this bounds the whole exchange, body included.
            response = answer.get(limits.connectTimeout().plus(limits.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return; // closing
        } catch (TimeoutException e) {
            answer.cancel(true);
            sink.problem(cameraId, "no complete answer from " + CameraHttp.redacted(url) + " within "
                    + limits.connectTimeout().plus(limits.readTimeout()).toMillis() + " ms", e);
            return;
        } catch (ExecutionException e) {
            if (poller.stopping()) {
                return;
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            sink.problem(cameraId, "fetching " + CameraHttp.redacted(url) + " failed: " + what, cause);
            return;
        } finally {
            inFlight = null;
        }
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            sink.problem(cameraId, "HTTP " + response.statusCode() + " from " + CameraHttp.redacted(url) + ": '"
                    + ImageBytes.preview(body) + "'", null);
            return;
        }
        if (!ImageBytes.isImage(body)) {
            sink.problem(cameraId, CameraHttp.redacted(url) + " answered " + body.length + " bytes of Content-Type '"
                    + response.headers().firstValue("Content-Type").orElse("") + "' that are not a JPEG or PNG: '"
                    + ImageBytes.preview(body) + "'", null);
            return;
        }
        sink.frame(new CameraFrame(cameraId, body, System.currentTimeMillis(), origin));
    }

    /** Stops polling, cancelling a request in flight; waits up to 2 s for the thread to end. */
    @Override
    public void close() {
        CompletableFuture<?> answer = inFlight;
        if (answer != null) {
            answer.cancel(true);
        }
        poller.close();
    }
}
