package io.ganglion.inference.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * A decoded frame: 8-bit pixels, interleaved B, G, R, row after row, no padding; the layout of an AWT
 * {@link BufferedImage#TYPE_3BYTE_BGR} image, which is what the JPEG decoder fills, so no copy is made. Models read
 * {@link #bgr()} directly; it is shared, not copied: never keep a frame beyond the call that received it if its
 * decoder may reuse it.
 */
public final class Frame {
    private final BufferedImage image;
    private final byte[] bgr;
    private final int sourceWidth;
    private final int sourceHeight;

    private Frame(BufferedImage image, int sourceWidth, int sourceHeight) {
        this.image = image;
        this.bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
    }

    /**
     * A frame decoded at a reduced size from a larger image ({@link JpegDecoder#decode(byte[], int)}); boxes found
     * on it are scaled back to the source's pixels.
     */
    static Frame subsampled(BufferedImage packedBgr, int sourceWidth, int sourceHeight) {
        if (!isPackedBgr(packedBgr)) {
            throw new IllegalArgumentException("a subsampled frame must be decoded into packed BGR");
        }
        return new Frame(packedBgr, sourceWidth, sourceHeight);
    }

    /** Wraps an image, converting it to packed BGR first unless it already is. */
    public static Frame of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        if (isPackedBgr(image)) {
            return new Frame(image, image.getWidth(), image.getHeight());
        }
        BufferedImage bgrImage = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var graphics = bgrImage.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return new Frame(bgrImage, image.getWidth(), image.getHeight());
    }

    static boolean isPackedBgr(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getData().length == image.getWidth() * image.getHeight() * 3
                && image.getRaster().getParent() == null;
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** The width of the image this frame was decoded from: larger than {@link #width()} when subsampled. */
    public int sourceWidth() {
        return sourceWidth;
    }

    public int sourceHeight() {
        return sourceHeight;
    }

    /** The pixels: {@code bgr[(y * width + x) * 3 + c]}, c = 0 blue, 1 green, 2 red. */
    public byte[] bgr() {
        return bgr;
    }

    /** The same pixels as an AWT image, for drawing (annotation) and encoding. */
    public BufferedImage image() {
        return image;
    }
}
