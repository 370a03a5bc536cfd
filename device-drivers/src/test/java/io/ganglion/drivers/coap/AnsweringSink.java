package io.ganglion.drivers.coap;

import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A sink that answers every message with one fixed result, e.g. a rejection, as the pipeline would. */
final class AnsweringSink implements IngestSink {
    private final IngestResult answer;
    private final List<InboundMessage> received = new CopyOnWriteArrayList<>();

    AnsweringSink(IngestResult answer) {
        this.answer = answer;
    }

    @Override
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        received.add(message);
        return CompletableFuture.supplyAsync(() -> answer);
    }

    @Override
    public boolean awaitCapacity(long timeout, TimeUnit unit) {
        return true;
    }

    List<InboundMessage> received() {
        return List.copyOf(received);
    }
}
