package io.ganglion.sim.check;

import io.ganglion.sim.ledger.FrameCheck;
import io.ganglion.sim.ledger.PinCheck;
import io.ganglion.sim.ledger.ReadingCheck;
import io.ganglion.sim.ledger.RejectionCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ledger against the gateway, device by device: one {@link ReadingCheck} per device and metric (OK, LOSS or
 * EXCESS by the ledger's rule), one {@link RejectionCheck} per device that sent anything (the gateway's rejected
 * count against the malformed messages sent), one {@link PinCheck} per GPIO device and metric (what its pins
 * counted), one {@link FrameCheck} per camera, the devices the gateway does not know, and the queries that failed.
 */
public record CheckReport(List<ReadingCheck> readings, List<RejectionCheck> rejections, List<PinCheck> pins,
                          List<FrameCheck> frames, List<String> unknownDevices, List<String> errors) {
    public CheckReport {
        readings = List.copyOf(readings);
        rejections = List.copyOf(rejections);
        pins = List.copyOf(pins);
        frames = List.copyOf(frames);
        unknownDevices = List.copyOf(unknownDevices);
        errors = List.copyOf(errors);
    }

    /** A report of devices without GPIO pins or cameras. */
    public CheckReport(List<ReadingCheck> readings, List<RejectionCheck> rejections, List<String> unknownDevices,
                       List<String> errors) {
        this(readings, rejections, List.of(), List.of(), unknownDevices, errors);
    }

    /**
     * The totals.
     *
     * @param metrics        device metrics checked
     * @param acknowledged   readings acknowledged, over all of them
     * @param stored         readings the gateway has of them
     * @param losses         metrics with LOSS
     * @param missing        readings missing, over the metrics with LOSS
     * @param excesses       metrics with EXCESS
     * @param extra          readings beyond the most allowed, over the metrics with EXCESS
     * @param exact          metrics where the gateway has exactly the acknowledged readings
     * @param rejectionsOff  devices whose rejected count differs from the malformed messages sent
     */
    public record Summary(int metrics, long acknowledged, long stored, int losses, long missing, int excesses,
                          long extra, int exact, int rejectionsOff) {
        public boolean zeroLoss() {
            return losses == 0;
        }

        public boolean zeroDuplicates() {
            return excesses == 0;
        }
    }

    public Summary summary() {
        long acknowledged = 0;
        long stored = 0;
        long missing = 0;
        long extra = 0;
        int losses = 0;
        int excesses = 0;
        int exact = 0;
        for (ReadingCheck check : readings) {
            acknowledged += check.expected().acknowledged();
            stored += check.stored();
            switch (check.outcome()) {
                case LOSS -> {
                    losses++;
                    missing += check.expected().fewest() - check.stored();
                }
                case EXCESS -> {
                    excesses++;
                    extra += check.stored() - check.expected().most();
                }
                case OK -> {
                }
            }
            if (check.stored() == check.expected().acknowledged()) {
                exact++;
            }
        }
        int rejectionsOff = (int) rejections.stream().filter(r -> !r.passed()).count();
        return new Summary(readings.size(), acknowledged, stored, losses, missing, excesses, extra, exact,
                rejectionsOff);
    }

    /** This report with one more error: a reason the run failed that the comparison itself cannot see. */
    public CheckReport withError(String error) {
        List<String> more = new ArrayList<>(errors);
        more.add(error);
        return new CheckReport(readings, rejections, pins, frames, unknownDevices, more);
    }

    /**
     * Whether everything checked out: no loss, no excess, every rejected count right, the pins' counts and the
     * cameras' frames as sent, every device known, no errors.
     */
    public boolean passed() {
        Summary summary = summary();
        return summary.zeroLoss() && summary.zeroDuplicates() && summary.rejectionsOff() == 0
                && pins.stream().allMatch(PinCheck::passed) && frames.stream().allMatch(FrameCheck::passed)
                && unknownDevices.isEmpty() && errors.isEmpty();
    }

    /**
     * Whether all that is wrong may still right itself: readings, pin counts or frames the gateway has not stored or
     * analysed yet (a broker still forwarding, a GPIO window still open, a frame in the model), nothing else.
     */
    public boolean onlyPending() {
        Summary summary = summary();
        return summary.zeroDuplicates() && summary.rejectionsOff() == 0 && unknownDevices.isEmpty() && errors.isEmpty()
                && pins.stream().noneMatch(p -> p.outcome() == ReadingCheck.Outcome.EXCESS);
    }

    /** The report: the lines that are not OK (all of them with {@code everything}), then the summary. */
    public List<String> describe(boolean everything) {
        List<String> lines = new ArrayList<>();
        for (ReadingCheck check : readings) {
            if (everything || !check.passed()) {
                lines.add(check.describe());
            }
        }
        for (RejectionCheck check : rejections) {
            if (everything || !check.passed()) {
                lines.add(check.describe());
            }
        }
        for (PinCheck check : pins) {
            if (everything || !check.passed()) {
                lines.add(check.describe());
            }
        }
        for (FrameCheck check : frames) {
            if (everything || !check.passed()) {
                lines.add(check.describe());
            }
        }
        unknownDevices.forEach(device -> lines.add("device " + device + ": the gateway does not know it (404)"));
        errors.forEach(error -> lines.add("error: " + error));
        Summary s = summary();
        lines.add(String.format(Locale.ROOT, "%d metrics of %d devices: %,d readings acknowledged, %,d stored; "
                        + "%d exact", s.metrics(), rejections.size(), s.acknowledged(), s.stored(), s.exact()));
        lines.add(String.format(Locale.ROOT, "zero loss: %s (%d metrics with LOSS, %,d readings missing)",
                s.zeroLoss() ? "yes" : "NO", s.losses(), s.missing()));
        lines.add(String.format(Locale.ROOT, "zero duplicates: %s (%d metrics with EXCESS, %,d readings extra)",
                s.zeroDuplicates() ? "yes" : "NO", s.excesses(), s.extra()));
        lines.add(String.format(Locale.ROOT, "rejections: %s (%,d malformed messages sent, %,d rejected; %d devices"
                        + " off)", s.rejectionsOff() == 0 ? "as sent" : "NOT as sent",
                rejections.stream().mapToLong(RejectionCheck::malformedSent).sum(),
                rejections.stream().mapToLong(RejectionCheck::rejected).sum(), s.rejectionsOff()));
        if (!pins.isEmpty()) {
            long off = pins.stream().filter(p -> !p.passed()).count();
            lines.add(String.format(Locale.ROOT, "GPIO pins: %s (%d metrics of %d devices checked, %d off)",
                    off == 0 ? "counted as played" : "NOT as played", pins.size(),
                    pins.stream().map(p -> p.expected().deviceId()).distinct().count(), off));
        }
        if (!frames.isEmpty()) {
            long off = frames.stream().filter(f -> !f.passed()).count();
            lines.add(String.format(Locale.ROOT, "camera frames: %s (%,d acknowledged, %,d received, %,d analysed, "
                            + "%d cameras off)", off == 0 ? "all received and accounted for" : "NOT all accounted for",
                    frames.stream().mapToLong(FrameCheck::acknowledged).sum(),
                    frames.stream().mapToLong(FrameCheck::received).sum(),
                    frames.stream().mapToLong(FrameCheck::analysed).sum(), off));
        }
        lines.add(passed() ? "PASSED" : "FAILED");
        return lines;
    }
}
