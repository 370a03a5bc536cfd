package io.ganglion.drivers.testing;

import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link IngestSink} test double that records what drivers hand it. Stages complete on its own thread, in submission
 * order, optionally after a delay; it can hold them incomplete, refuse submits as overloaded, or fail them as a broken
 * store would.
 */
public final class RecordingSink implements IngestSink, AutoCloseable {
    private record Held(InboundMessage message, CompletableFuture<IngestResult> stage) {
    }

    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-sink");
        t.setDaemon(true);
        return t;
    });
    private final List<InboundMessage> accepted = new ArrayList<>();
    private final List<InboundMessage> committed = new ArrayList<>();
    private final List<InboundMessage> failed = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicLong refusals = new AtomicLong();
    private volatile boolean hold;
    private volatile long delayMillis;

    @Override
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            refusals.incrementAndGet();
            return CompletableFuture.failedFuture(new OverloadedException("test sink refuses"));
        }
        CompletableFuture<IngestResult> stage = new CompletableFuture<>();
        synchronized (this) {
            accepted.add(message);
            if (hold) {
                held.add(new Held(message, stage));
                return stage;
            }
        }
        boolean fail = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        completer.execute(() -> finish(message, stage, fail));
        return stage;
    }

    private void finish(InboundMessage message, CompletableFuture<IngestResult> stage, boolean fail) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            (fail ? failed : committed).add(message);
        }
        if (fail) {
            stage.completeExceptionally(new IllegalStateException("test store failure"));
        } else {
            stage.complete(IngestResult.STORED);
        }
    }

    /** Waits a little, like a pipeline that drains fast; always reports room. */
    @Override
    public boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
        Thread.sleep(Math.min(unit.toMillis(timeout), 10));
        return true;
    }

    /** Refuse the next {@code n} submits with {@link OverloadedException}. */
    public RecordingSink refuseNext(int n) {
        refuseNext.set(n);
        return this;
    }

    /** Fail the stages of the next {@code n} accepted submits, as a failing store would. */
    public RecordingSink failNext(int n) {
        failNext.set(n);
        return this;
    }

    /** Complete each stage this long after its submit. */
    public RecordingSink delay(Duration delay) {
        this.delayMillis = delay.toMillis();
        return this;
    }

    /** While true, stages stay incomplete until {@link #release()}. */
    public RecordingSink hold(boolean hold) {
        this.hold = hold;
        return this;
    }

    /** Stops holding and commits every held message, in order. */
    public void release() {
        List<Held> toRelease;
        synchronized (this) {
            hold = false;
            toRelease = new ArrayList<>(held);
            held.clear();
        }
        toRelease.forEach(h -> completer.execute(() -> finish(h.message(), h.stage(), false)));
    }

    /** Every submit that was not refused, in order. */
    public synchronized List<InboundMessage> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized List<InboundMessage> committed() {
        return List.copyOf(committed);
    }

    public synchronized List<InboundMessage> failed() {
        return List.copyOf(failed);
    }

    /** Payloads of the committed messages as UTF-8 text, in commit order. */
    public synchronized List<String> committedPayloads() {
        return committed.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }

    public long refusals() {
        return refusals.get();
    }

    @Override
    public void close() {
        completer.shutdownNow();
    }
}
