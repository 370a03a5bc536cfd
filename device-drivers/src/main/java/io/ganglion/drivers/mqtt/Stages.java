package io.ganglion.drivers.mqtt;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Reading the outcome of an {@link io.ganglion.drivers.IngestSink#submit} stage. */
final class Stages {
    private Stages() {
    }

    /**
     * The failure of a stage that has already failed, or null. The sink refuses an overloaded submit at once, so this
     * tells "refused now, keep the message" from "accepted, wait for the commit".
     */
    static Throwable failedAtOnce(CompletionStage<?> stage) {
        CompletableFuture<?> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.getNow(null);
            return null;
        } catch (CompletionException | CancellationException e) {
            return unwrap(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
