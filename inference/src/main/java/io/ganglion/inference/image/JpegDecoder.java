package io.ganglion.inference.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG (and PNG) frames into packed BGR {@link Frame}s with the JDK's ImageIO reader. A camera sends frames
 * of one size, so the decoder keeps the previous frame's pixel buffer and decodes the next frame of the same size
 * into it: steady decoding allocates no pixel memory. Not thread-safe: one decoder per worker thread, and a frame
 * it returned is overwritten by its next decode.
 *
 * <p>"No pixel memory" means no destination image: the JDK reader itself still allocates a row buffer per row,
 * about one frame's size of short-lived garbage per decode (JpegDecodeBenchmark with {@code -prof gc}), half what
 * {@code ImageIO.read} allocates. An embedded ICC profile is ignored; see {@link #withoutIccProfile}.
 *
 * <p>Why ImageIO: measured against the alternatives in docs/benchmarks.md (JpegDecodeBenchmark).
 */
public final class JpegDecoder implements AutoCloseable {
    /** The JDK's own reader; see {@link #jdkReader()}. */
    static final String JDK_READER_PACKAGE = "com.sun.imageio.plugins.jpeg.";
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private final ImageReader jpegReader;
    private BufferedImage reusable;

    public JpegDecoder() {
        jpegReader = jdkReader();
    }

    /**
     * The JDK's JPEG reader even when another ImageIO plugin (TwelveMonkeys, say, brought in by some library) has
     * registered itself ahead of it: what was measured is what runs, whatever the class path holds. Falls back to
     * the first reader on a JDK without its own.
     */
    static ImageReader jdkReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith(JDK_READER_PACKAGE)) {
                if (first != null) {
                    first.dispose();
                }
                return reader;
            }
            if (first == null) {
                first = reader;
            } else {
                reader.dispose();
            }
        }
        if (first == null) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG reader");
        }
        return first;
    }

    /**
     * Decodes one image. JPEG is the cameras' format; PNG (and anything else ImageIO reads) is accepted too,
     * through a slower path that allocates.
     *
     * @throws IOException the bytes are not an image ImageIO can read; the message says why
     */
    public Frame decode(byte[] encoded) throws IOException {
        return decodeAtLeast(encoded, 0);
    }

    /**
     * Decodes a JPEG at a reduced size when it is much larger than the model needs: by the largest integer factor
     * that keeps both sides at least {@code targetSide} pixels (so 1920x1080 becomes 960x540 for a 416 px model;
     * 768x576 stays as it is). Keeping the <em>shorter</em> side at the target means the model's own resize never
     * enlarges, whether it letterboxes (where the long side counts) or crops and stretches (where the short one
     * does). The reader skips pixels rather than averaging them, which is why it is cheap: colour conversion and
     * the destination shrink by the factor squared, and the model's resize, which would average anyway, has less
     * to do. PNG and other formats are decoded at full size.
     *
     * @param targetSide the model's input side in pixels (at least 1)
     * @throws IOException the bytes are not an image ImageIO can read; the message says why
     */
    public Frame decode(byte[] encoded, int targetSide) throws IOException {
        if (targetSide < 1) {
            throw new IllegalArgumentException("targetSide must be at least 1, not " + targetSide);
        }
        return decodeAtLeast(encoded, targetSide);
    }

    /** {@code targetSide} 0: full size. */
    private Frame decodeAtLeast(byte[] encoded, int targetSide) throws IOException {
        if (encoded.length < 4) {
            throw new IOException("not an image: " + encoded.length + " bytes");
        }
        if ((encoded[0] & 0xff) != 0xFF || (encoded[1] & 0xff) != 0xD8) {
            return decodeOther(encoded);
        }
        byte[] jpeg = withoutIccProfile(encoded);
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            jpegReader.setInput(input, true, true);
            int width = jpegReader.getWidth(0);
            int height = jpegReader.getHeight(0);
            int factor = targetSide == 0 ? 1 : subsampling(width, height, targetSide);
            int outWidth = ceilDiv(width, factor);
            int outHeight = ceilDiv(height, factor);
            ImageReadParam param = jpegReader.getDefaultReadParam();
            if (factor > 1) {
                param.setSourceSubsampling(factor, factor, 0, 0);
            }
            if (reusable == null || reusable.getWidth() != outWidth || reusable.getHeight() != outHeight) {
                reusable = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_3BYTE_BGR);
            }
            param.setDestination(reusable);
            BufferedImage decoded = jpegReader.read(0, param);
            return factor > 1 ? Frame.subsampled(decoded, width, height) : Frame.of(decoded);
        } catch (IOException | RuntimeException e) {
            // ImageIO throws IllegalArgumentException and friends on some corrupt streams.
            throw new IOException("not a readable JPEG: " + describe(e), e);
        } finally {
            jpegReader.setInput(null);
        }
    }

    /**
     * The JPEG without its embedded ICC profile (APP2 {@code ICC_PROFILE} segments), or the same array when it has
     * none or its header is not well-formed (the reader then reports what is wrong). Why: given a profile, the JDK
     * reader colour-manages every row through LCMS, which costs five times the decode itself (dog.jpg, whose
     * profile is plain sRGB: 33 ms against 6.6 ms of CPU, identical pixels). And the models were trained on pixels
     * decoded without colour management (OpenCV and PIL ignore the profile), so ignoring it is also what they
     * expect. Camera frames rarely carry a profile; photos from phones and editors usually do.
     */
    static byte[] withoutIccProfile(byte[] jpeg) {
        int[] cuts = new int[8];
        int count = 0;
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xff) != 0xFF) {
                return jpeg;
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // the image data starts: no more header segments
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > jpeg.length) {
                return jpeg;
            }
            if (marker == 0xE2 && startsWith(jpeg, i + 4, length - 2, ICC_PROFILE)) {
                if (count == cuts.length) {
                    cuts = Arrays.copyOf(cuts, cuts.length * 2);
                }
                cuts[count++] = i;
                cuts[count++] = i + 2 + length;
            }
            i += 2 + length;
        }
        if (count == 0) {
            return jpeg;
        }
        int removed = 0;
        for (int c = 0; c < count; c += 2) {
            removed += cuts[c + 1] - cuts[c];
        }
        byte[] out = new byte[jpeg.length - removed];
        int from = 0;
        int to = 0;
        for (int c = 0; c < count; c += 2) {
            System.arraycopy(jpeg, from, out, to, cuts[c] - from);
            to += cuts[c] - from;
            from = cuts[c + 1];
        }
        System.arraycopy(jpeg, from, out, to, jpeg.length - from);
        return out;
    }

    private static boolean startsWith(byte[] data, int offset, int available, byte[] prefix) {
        if (available < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (data[offset + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** The largest factor s with both ceil(width / s) and ceil(height / s) at least {@code target}; 1 at least. */
    static int subsampling(int width, int height, int target) {
        int factor = 1;
        while (ceilDiv(width, factor + 1) >= target && ceilDiv(height, factor + 1) >= target) {
            factor++;
        }
        return factor;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static Frame decodeOther(byte[] encoded) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(encoded));
        } catch (RuntimeException e) {
            throw new IOException("not a readable image: " + describe(e), e);
        }
        if (image == null) {
            throw new IOException("not a JPEG or PNG image");
        }
        return Frame.of(image);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        jpegReader.dispose();
    }
}
