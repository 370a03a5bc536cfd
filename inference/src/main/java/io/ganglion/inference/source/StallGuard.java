package io.ganglion.inference.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A read timeout for a response body stream. The JDK HTTP client's request timeout ends when the headers arrive; a
 * camera that then goes silent would block the reading thread forever. The guard closes the stream after a
 * silence, which makes the blocked read fail. One shared daemon thread checks every guarded stream.
 */
final class StallGuard extends FilterInputStream {
    private static final ScheduledExecutorService CHECKER = checker();

    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    StallGuard(InputStream in, Duration timeout) {
        super(in);
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(10, timeout.toMillis() / 4);
        this.check = CHECKER.scheduleWithFixedDelay(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService checker() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "frame-source-stall-guard");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Whether the stream was closed because the camera stopped sending. */
    boolean stalled() {
        return stalled;
    }

    private void checkProgress() {
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // The reader sees the failure of its read; nothing else to do here.
            }
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        lastProgress = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        lastProgress = System.nanoTime();
        return n;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
