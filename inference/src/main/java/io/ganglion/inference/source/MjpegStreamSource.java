package io.ganglion.inference.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IP camera's MJPEG-over-HTTP stream ({@code multipart/x-mixed-replace}), the one video format nearly every IP
 * camera serves without a codec on the gateway. Each JPEG part becomes a {@link CameraFrame} stamped with the
 * receive time (MJPEG carries no capture time).
 *
 * <p>The source keeps one connection open on its own daemon thread, named {@code mjpeg-<camera>}. Whatever goes
 * wrong (refused connection, HTTP error, a stream that ends or goes silent for the read timeout, garbage in the
 * stream) is reported to {@link FrameSink#problem} and followed by a reconnect: cameras reboot and Wi-Fi drops, and
 * the gateway must pick the camera up again without anyone restarting it. The wait before a reconnect starts at
 * the configured delay and doubles while attempts keep failing without a frame, up to
 * {@link #MAX_RECONNECT_DELAY} (or the configured delay, if longer), so a dead camera is not hammered and a
 * recovered one is back within half a minute.
 *
 * <p>Parsing is lenient about the many ways cameras deviate from the multipart format; see
 * {@link MjpegPartReader}. No part is buffered beyond {@link SourceLimits#maxFrameBytes()}: a larger one is
 * discarded as it arrives and reported.
 *
 * <p>{@link #close()} closes the open stream and interrupts the thread, so it returns promptly even while the
 * camera is silent.
 */
public final class MjpegStreamSource implements FrameSource {
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(MjpegStreamSource.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String cameraId;
    private final URI url;
    private final Duration reconnectDelay;
    private final Duration maxReconnectDelay;
    private final SourceLimits limits;
    private final String origin;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile InputStream current;
    private volatile Thread thread;
    private long framesThisConnection;

    /** A stream with the {@link SourceLimits#defaults() default limits}. */
    public MjpegStreamSource(String cameraId, URI url, Duration reconnectDelay) {
        this(cameraId, url, reconnectDelay, SourceLimits.defaults());
    }

    /**
     * @param reconnectDelay the wait before the first reconnect after a failure (at least 1 ms)
     */
    public MjpegStreamSource(String cameraId, URI url, Duration reconnectDelay, SourceLimits limits) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.url = CameraHttp.checked(url);
        SourceLimits.requirePositive("reconnectDelay", reconnectDelay);
        this.reconnectDelay = reconnectDelay;
        this.maxReconnectDelay = reconnectDelay.compareTo(MAX_RECONNECT_DELAY) > 0 ? reconnectDelay
                : MAX_RECONNECT_DELAY;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.origin = "mjpeg " + CameraHttp.redacted(url);
    }

    @Override
    public void start(FrameSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(describe() + " was already started");
        }
        Thread t = new Thread(() -> run(new GuardedSink(sink)), "mjpeg-" + cameraId);
        t.setDaemon(true);
        thread = t;
        if (closed.getCount() == 0) {
            return;
        }
        t.start();
    }

    @Override
    public String describe() {
        return origin;
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private void run(FrameSink sink) {
        HttpClient client = CameraHttp.client(limits);
        int failures = 0;
        while (!isClosed()) {
            framesThisConnection = 0;
            try {
                stream(client, sink);
                if (!isClosed()) {
                    sink.problem(cameraId, "the stream " + CameraHttp.redacted(url) + " ended", null);
                }
            } catch (InterruptedException e) {
                if (isClosed()) {
                    break;
                }
                sink.problem(cameraId, "interrupted while reading " + CameraHttp.redacted(url), e);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                // Never let a failure end the thread: a camera that misbehaves once must still be read later.
                if (isClosed()) {
                    break;
                }
                sink.problem(cameraId, failureMessage(e), e);
            }
            failures = framesThisConnection > 0 ? 1 : failures + 1;
            try {
                if (closed.await(backoff(failures).toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (isClosed()) {
                    break;
                }
            }
        }
        LOG.debug("camera {}: {} stopped", cameraId, origin);
    }

    /** The wait after the given number of consecutive failed attempts: doubling, bounded. */
    Duration backoff(int failures) {
        Duration delay = reconnectDelay;
        for (int i = 1; i < failures && delay.compareTo(maxReconnectDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxReconnectDelay) > 0 ? maxReconnectDelay : delay;
    }

    private String failureMessage(Throwable e) {
        // The JDK client's stream failures say only "closed"; the cause says why (EOF, reset, ...).
        StringBuilder what = new StringBuilder();
        for (Throwable t = e; t != null && what.length() < 300; t = t.getCause()) {
            what.append(what.length() == 0 ? "" : ": ")
                    .append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return "reading " + CameraHttp.redacted(url) + " failed: " + what;
    }

    private void stream(HttpClient client, FrameSink sink) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(
                CameraHttp.get(url, limits, "multipart/x-mixed-replace, image/jpeg;q=0.9, */*;q=0.1"),
                HttpResponse.BodyHandlers.ofInputStream());
        StallGuard body = new StallGuard(response.body(), limits.readTimeout());
        try (body) {
            current = body;
            if (isClosed()) {
                return;
            }
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + response.statusCode() + " from " + CameraHttp.redacted(url));
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String boundary = MjpegPartReader.boundaryToken(contentType);
            if (boundary == null) {
                LOG.debug("camera {}: {} sent Content-Type '{}' without a boundary; cutting frames at JPEG markers",
                        cameraId, origin, contentType);
            }
            MjpegPartReader reader = new MjpegPartReader(body, boundary, limits.maxFrameBytes());
            MjpegPartReader.SkipListener skips = why -> sink.problem(cameraId, why + " (" + origin + ")", null);
            byte[] jpeg;
            while ((jpeg = reader.next(skips)) != null) {
                framesThisConnection++;
                sink.frame(new CameraFrame(cameraId, jpeg, System.currentTimeMillis(), origin));
            }
        } catch (IOException e) {
            if (body.stalled() && !isClosed()) {
                throw new IOException("no data from " + CameraHttp.redacted(url) + " for "
                        + limits.readTimeout().toMillis() + " ms", e);
            }
            throw e;
        } finally {
            current = null;
        }
    }

    /** Stops reading: closes the open stream, interrupts the thread and waits up to 2 s for it to end. */
    @Override
    public void close() {
        closed.countDown();
        InputStream stream = current;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                // The thread's read fails either way.
            }
        }
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("camera {}: the thread of {} did not stop within {} ms", cameraId, origin, CLOSE_WAIT_MILLIS);
        }
    }
}
