package io.ganglion.inference.image;

import java.nio.FloatBuffer;

/**
 * Writes a region of a frame into a model's input tensor: bilinear resize (OpenCV's INTER_LINEAR sampling, which
 * the models were trained with), channel order, per-channel scale and offset, planar CHW layout, and padding for
 * letterboxing. All in one pass over the output, without an intermediate resized image.
 *
 * <p>One writer per model runner: it keeps a float array of one tensor and the column sampling tables between
 * frames, so steady operation allocates nothing. Values are written into the array and then copied into the
 * (direct) tensor buffer in one bulk put, which is several times faster than element puts into a direct buffer.
 */
public final class TensorWriter {
    /** Which source byte (of B, G, R) each tensor channel takes. */
    public enum ChannelOrder {
        BGR(0, 1, 2),
        RGB(2, 1, 0);

        private final int[] sourceChannel;

        ChannelOrder(int... sourceChannel) {
            this.sourceChannel = sourceChannel;
        }
    }

    /**
     * Value = pixel * scale[c] + offset[c], c in tensor channel order. For mean/std normalisation of v/255 values:
     * scale = 1/(255 std), offset = -mean/std.
     */
    public record Normalisation(float[] scale, float[] offset) {
        public static final Normalisation RAW = new Normalisation(new float[] {1, 1, 1}, new float[] {0, 0, 0});

        public static Normalisation uniform(float scale, float offset) {
            return new Normalisation(new float[] {scale, scale, scale}, new float[] {offset, offset, offset});
        }

        /** (v/255 - mean) / std per channel. */
        public static Normalisation meanStd(float[] mean, float[] std) {
            float[] scale = new float[3];
            float[] offset = new float[3];
            for (int c = 0; c < 3; c++) {
                scale[c] = 1f / (255f * std[c]);
                offset[c] = -mean[c] / std[c];
            }
            return new Normalisation(scale, offset);
        }
    }

    private float[] values = new float[0];
    private int[] columnLeft = new int[0];
    private int[] columnRight = new int[0];
    private float[] columnWeight = new float[0];

    /**
     * Fills a {@code 3 x tensorHeight x tensorWidth} tensor at {@code out}'s position 0: the source rectangle
     * resized to {@code width x height} at the tensor's top left, the rest {@code padPixel} (a raw 0-255 value,
     * normalised like the pixels).
     *
     * @param srcX      the source rectangle, in frame pixels (fractional allowed)
     */
    public void write(Frame frame, float srcX, float srcY, float srcWidth, float srcHeight, int width, int height,
                      int tensorWidth, int tensorHeight, float padPixel, ChannelOrder order, Normalisation norm,
                      FloatBuffer out) {
        if (width > tensorWidth || height > tensorHeight || width < 1 || height < 1) {
            throw new IllegalArgumentException("resized " + width + "x" + height + " does not fit the tensor "
                    + tensorWidth + "x" + tensorHeight);
        }
        int plane = tensorWidth * tensorHeight;
        if (values.length < plane * 3) {
            values = new float[plane * 3];
        }
        float[] v = values;
        columns(frame.width(), srcX, srcWidth, width);
        byte[] bgr = frame.bgr();
        int frameWidth = frame.width();
        int frameHeight = frame.height();
        float yRatio = srcHeight / height;
        for (int c = 0; c < 3; c++) {
            int channel = order.sourceChannel[c];
            float scale = norm.scale()[c];
            float offset = norm.offset()[c];
            float pad = padPixel * scale + offset;
            int base = c * plane;
            for (int y = 0; y < height; y++) {
                float sy = srcY + (y + 0.5f) * yRatio - 0.5f;
                int top = clamp((int) Math.floor(sy), frameHeight);
                int bottom = clamp((int) Math.floor(sy) + 1, frameHeight);
                float wy = Math.min(1f, Math.max(0f, sy - (float) Math.floor(sy)));
                int topRow = top * frameWidth * 3 + channel;
                int bottomRow = bottom * frameWidth * 3 + channel;
                int row = base + y * tensorWidth;
                for (int x = 0; x < width; x++) {
                    int l = columnLeft[x];
                    int r = columnRight[x];
                    float wx = columnWeight[x];
                    float t = (bgr[topRow + l] & 0xff) + ((bgr[topRow + r] & 0xff) - (bgr[topRow + l] & 0xff)) * wx;
                    float b = (bgr[bottomRow + l] & 0xff)
                            + ((bgr[bottomRow + r] & 0xff) - (bgr[bottomRow + l] & 0xff)) * wx;
                    v[row + x] = (t + (b - t) * wy) * scale + offset;
                }
                for (int x = width; x < tensorWidth; x++) {
                    v[row + x] = pad;
                }
            }
            for (int i = base + height * tensorWidth; i < base + plane; i++) {
                v[i] = pad;
            }
        }
        out.put(0, v, 0, plane * 3);
    }

    /** Source column byte offsets (times 3) and weights for each output column. */
    private void columns(int frameWidth, float srcX, float srcWidth, int width) {
        if (columnLeft.length < width) {
            columnLeft = new int[width];
            columnRight = new int[width];
            columnWeight = new float[width];
        }
        float ratio = srcWidth / width;
        for (int x = 0; x < width; x++) {
            float sx = srcX + (x + 0.5f) * ratio - 0.5f;
            int left = (int) Math.floor(sx);
            columnLeft[x] = clamp(left, frameWidth) * 3;
            columnRight[x] = clamp(left + 1, frameWidth) * 3;
            columnWeight[x] = Math.min(1f, Math.max(0f, sx - left));
        }
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : Math.min(i, size - 1);
    }
}
