package io.ganglion.sim.run;

import io.ganglion.sim.ledger.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run did.
 *
 * @param ledger             what was sent and acknowledged, for the end-of-run check
 * @param totals             the final counts
 * @param rejectedByDevice   messages the gateway refused (CoAP 4.xx), by device
 * @param notSimulated       devices nothing could play (GPIO without a {@link GpioPins} hook)
 * @param elapsed            wall time of the run, the drain included
 * @param simulatedFrom      the plan's start
 * @param simulatedTo        the simulated time the run reached (exclusive)
 * @param stopped            whether it was stopped before the plan's end
 * @param unsettled          messages still unconfirmed when the drain timed out
 */
public record RunResult(Ledger ledger, RunStats.Snapshot totals, Map<String, Long> rejectedByDevice,
                        List<String> notSimulated, Duration elapsed, Instant simulatedFrom, Instant simulatedTo,
                        boolean stopped, long unsettled) {
}
