package io.ganglion.sim.ledger;

import java.util.Locale;

/**
 * One camera's frames, the ledger against the gateway's frame counters ({@code frames} of
 * {@code GET /api/v1/cameras/{id}}). Every acknowledged frame must have been received (for QoS 0 a frame counts as
 * acknowledged once sent), and every received frame accounted for: analysed, dropped (a newer frame replaced it before
 * a worker was free, as designed under load) or rejected. The gateway's counters run from its start, so against a
 * gateway that took frames before the run only the lower bound is meaningful, and that is all this checks.
 *
 * @param cameraId     the camera
 * @param sent         frames sent
 * @param acknowledged of them, acknowledged
 * @param received     frames the gateway's vision pipeline received from the camera since it started
 * @param analysed     of them, analysed by the model
 * @param dropped      dropped unanalysed
 * @param rejected     rejected (undecodable, oversize, a model failure)
 */
public record FrameCheck(String cameraId, long sent, long acknowledged, long received, long analysed, long dropped,
                         long rejected) {

    /** Frames received but neither analysed, dropped nor rejected yet: in the camera's slot or being analysed. */
    public long pending() {
        return Math.max(0, received - analysed - dropped - rejected);
    }

    public boolean passed() {
        return received >= acknowledged && pending() == 0;
    }

    public String describe() {
        String verdict = received < acknowledged ? "LOSS" : pending() > 0 ? "PENDING" : "OK";
        return String.format(Locale.ROOT, "expected %d frames of camera %s (%d sent); the gateway received %d:"
                        + " %d analysed, %d dropped, %d rejected (%s)", acknowledged, cameraId, sent, received,
                analysed, dropped, rejected, verdict);
    }
}
