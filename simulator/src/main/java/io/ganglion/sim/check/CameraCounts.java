package io.ganglion.sim.check;

/**
 * A camera's frame counters at the gateway, since it started: the {@code frames} of {@code GET /api/v1/cameras/{id}}.
 *
 * @param camera   the camera
 * @param received frames its vision pipeline received
 * @param analysed of them, analysed by the model
 * @param dropped  dropped unanalysed (replaced by a newer frame before a worker was free, or at a stop)
 * @param rejected rejected (undecodable, oversize, a model failure)
 */
public record CameraCounts(String camera, long received, long analysed, long dropped, long rejected) {
}
