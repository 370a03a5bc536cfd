package io.ganglion.inference.source;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into a byte array of at most a limit. The JDK's {@code ofByteArray()} has no limit: a
 * camera (or whatever answers at its address) could make the gateway buffer any amount. A declared Content-Length
 * over the limit fails before the body is read; an undeclared one fails as soon as it passes the limit, and the
 * rest of the body is not read.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body exceeded the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final int limit;
    private final long declared;
    private byte[] data = new byte[0];
    private int size;
    private Flow.Subscription subscription;

    private BoundedBody(int limit, long declared) {
        this.limit = limit;
        this.declared = declared;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > limit) {
            s.cancel();
            result.completeExceptionally(new TooLarge("a body of " + declared + " bytes exceeds the limit of "
                    + limit + " bytes"));
            return;
        }
        data = new byte[declared >= 0 ? (int) declared : Math.min(limit, 64 * 1024)];
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if ((long) size + n > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge("a body of more than " + limit + " bytes exceeds the limit"));
                return;
            }
            if (size + n > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(limit, Math.max(2L * data.length, size + n)));
            }
            item.get(data, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(size == data.length ? data : Arrays.copyOf(data, size));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
