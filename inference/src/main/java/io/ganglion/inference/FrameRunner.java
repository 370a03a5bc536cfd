package io.ganglion.inference;

import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.JpegDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part every family's runner shares: a JPEG decoder kept with the runner (so its pixel buffer is reused from one
 * frame to the next), decoding at a reduced size when the family allows it, and the decode time added to the stage
 * times.
 */
public abstract class FrameRunner implements ModelRunner {
    private final JpegDecoder decoder = new JpegDecoder();

    @Override
    public final VisionResult runJpeg(byte[] jpeg) throws InferenceException {
        long start = System.nanoTime();
        Frame frame;
        try {
            int side = decodeSide();
            frame = side > 0 ? decoder.decode(jpeg, side) : decoder.decode(jpeg);
        } catch (IOException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        long decode = System.nanoTime() - start;
        VisionResult result = run(frame);
        List<Detection> detections = result.detections();
        if (frame.sourceWidth() != frame.width() || frame.sourceHeight() != frame.height()) {
            detections = toSource(detections, frame);
        }
        return new VisionResult(frame.sourceWidth(), frame.sourceHeight(), detections, result.raw(),
                result.times().withDecode(decode));
    }

    /**
     * The side, in pixels, that both sides of a decoded frame must keep: a JPEG larger than twice this is decoded
     * at a fraction of its size (1080p at half size for a 416 px detector), which costs about a third less CPU and
     * a quarter of the pixel memory; the model's own resize would have discarded that detail. 0, the default,
     * decodes at full size: for families that crop from the full frame (PP-OCR reads text lines at full
     * resolution) or that do not know their input's use (generic).
     */
    protected int decodeSide() {
        return 0;
    }

    private static List<Detection> toSource(List<Detection> detections, Frame frame) {
        float sx = (float) frame.sourceWidth() / frame.width();
        float sy = (float) frame.sourceHeight() / frame.height();
        List<Detection> scaled = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            scaled.add(new Detection(d.classId(), d.label(), d.score(), Math.min(d.x1() * sx, frame.sourceWidth()),
                    Math.min(d.y1() * sy, frame.sourceHeight()), Math.min(d.x2() * sx, frame.sourceWidth()),
                    Math.min(d.y2() * sy, frame.sourceHeight()), d.text()));
        }
        return scaled;
    }

    @Override
    public final void close() {
        decoder.close();
        release();
    }

    /** Frees the runner's native buffers and tensors. */
    protected abstract void release();
}
