package io.ganglion.runtime.commands;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Hands command acknowledgements to the command service and everything else to the ingest pipeline. */
public final class AckRoutingSink implements IngestSink {
    private final IngestSink pipeline;
    private final CommandService commands;

    public AckRoutingSink(IngestSink pipeline, CommandService commands) {
        this.pipeline = pipeline;
        this.commands = commands;
    }

    @Override
    public CompletionStage<IngestResult> submit(InboundMessage message) {
        return message.channel() == Channel.COMMAND_ACK ? commands.acknowledge(message) : pipeline.submit(message);
    }

    @Override
    public boolean awaitCapacity(long timeout, TimeUnit unit) throws InterruptedException {
        return pipeline.awaitCapacity(timeout, unit);
    }
}
