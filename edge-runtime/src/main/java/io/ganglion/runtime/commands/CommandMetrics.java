package io.ganglion.runtime.commands;

import io.ganglion.runtime.store.CommandRecord.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@code ganglion_commands_total{status=...}}: commands that reached each status (an expired command is counted, not
 * only stored); {@code ganglion_commands_waiting}: commands waiting for delivery now.
 */
final class CommandMetrics {
    private final Map<Status, Counter> byStatus = new EnumMap<>(Status.class);

    CommandMetrics(MeterRegistry registry, IntSupplier waiting) {
        for (Status status : Status.values()) {
            byStatus.put(status, Counter.builder("ganglion.commands").tag("status", status.label())
                    .description("Commands that reached each status (pending: accepted)").register(registry));
        }
        Gauge.builder("ganglion.commands.waiting", waiting::getAsInt)
                .description("Commands waiting for delivery (bounded by commands.maxPendingTotal)").register(registry);
    }

    void reached(Status status) {
        byStatus.get(status).increment();
    }
}
