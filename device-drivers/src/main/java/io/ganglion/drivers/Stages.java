package io.ganglion.drivers;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Reading the outcome of an {@link IngestSink#submit} stage; shared by every driver. */
public final class Stages {
    private Stages() {
    }

    /**
     * The failure of a stage that has already failed, or null. The sink refuses an overloaded submit at once, so this
     * tells "refused now, keep the message" from "accepted, wait for the commit".
     */
    public static Throwable failedAtOnce(CompletionStage<?> stage) {
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

    /** The failure inside the wrappers a completion stage adds ({@code CompletionException} and the like). */
    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
