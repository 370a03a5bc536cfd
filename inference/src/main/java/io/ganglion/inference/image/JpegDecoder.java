package io.ganglion.inference.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * <p>An embedded ICC colour profile is ignored, as OpenCV and the models' training pipelines do; see
 * {@link ColourProfileSkipper} for why. Why ImageIO: measured against the alternatives in docs/benchmarks.md
 * (JpegDecodeBenchmark).
 */
public final class JpegDecoder implements AutoCloseable {
    private final ImageReader jpegReader;
    private BufferedImage reusable;

    public JpegDecoder() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO JPEG reader");
        }
        jpegReader = readers.next();
    }

    /**
     * Decodes one image. JPEG is the cameras' format; PNG (and anything else ImageIO reads) is accepted too,
     * through a slower path that allocates.
     *
     * @throws IOException the bytes are not an image ImageIO can read; the message says why
     */
    public Frame decode(byte[] encoded) throws IOException {
        if (encoded.length < 4) {
            throw new IOException("not an image: " + encoded.length + " bytes");
        }
        if ((encoded[0] & 0xff) != 0xFF || (encoded[1] & 0xff) != 0xD8) {
            return decodeOther(encoded);
        }
        try (ImageInputStream input = new MemoryCacheImageInputStream(ColourProfileSkipper.open(encoded))) {
            jpegReader.setInput(input, true, true);
            int width = jpegReader.getWidth(0);
            int height = jpegReader.getHeight(0);
            ImageReadParam param = jpegReader.getDefaultReadParam();
            if (reusable == null || reusable.getWidth() != width || reusable.getHeight() != height) {
                reusable = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            }
            param.setDestination(reusable);
            BufferedImage decoded = jpegReader.read(0, param);
            return Frame.of(decoded);
        } catch (IOException | RuntimeException e) {
            // ImageIO throws IllegalArgumentException and friends on some corrupt streams.
            throw new IOException("not a readable JPEG: " + describe(e), e);
        } finally {
            jpegReader.setInput(null);
        }
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
