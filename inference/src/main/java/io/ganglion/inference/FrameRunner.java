package io.ganglion.inference;

import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.JpegDecoder;
import java.io.IOException;

/**
 * The part every family's runner shares: a JPEG decoder kept with the runner (so its pixel buffer is reused from one
 * frame to the next) and the decode time added to the stage times.
 */
public abstract class FrameRunner implements ModelRunner {
    private final JpegDecoder decoder = new JpegDecoder();

    @Override
    public final VisionResult runJpeg(byte[] jpeg) throws InferenceException {
        long start = System.nanoTime();
        Frame frame;
        try {
            frame = decoder.decode(jpeg);
        } catch (IOException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        long decode = System.nanoTime() - start;
        VisionResult result = run(frame);
        return new VisionResult(result.frameWidth(), result.frameHeight(), result.detections(), result.raw(),
                result.times().withDecode(decode));
    }

    @Override
    public final void close() {
        decoder.close();
        release();
    }

    /** Frees the runner's native buffers and tensors. */
    protected abstract void release();
}
