package io.ganglion.inference;

import io.ganglion.inference.image.Frame;
import io.ganglion.inference.image.JpegDecoder;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JPEG decoding to pixels, the first stage of every camera frame, on real photos: dog.jpg (768x576, with an
 * embedded sRGB ICC profile, as photos from phones and editors have), a COCO photo (640x480, no profile) and a
 * 1080p frame (dog.jpg scaled up and encoded by the JDK at quality 0.85 in the setup, no profile, since cameras
 * send 1080p). Compared in the same run:
 * <ul>
 *   <li>{@code imageIoRead}: plain {@code ImageIO.read}, a new reader and a new image per frame (JDK reader);</li>
 *   <li>{@code jpegDecoder}: our {@link JpegDecoder}, JDK reader and destination image reused, ICC profile
 *       ignored (the others apply it: that is most of their time on dog.jpg);</li>
 *   <li>{@code jdkSubsampled2}: the JDK reader with {@code setSourceSubsampling(2, 2)} into a reused half-size
 *       destination, what a 416 px model needs from a 1080p frame;</li>
 *   <li>{@code jpegDecoderFor416}: {@link JpegDecoder#decode(byte[], int)} with 416, which picks that factor (2
 *       for 1080p, 1 for the two smaller photos);</li>
 *   <li>{@code twelveMonkeys}: TwelveMonkeys' imageio-jpeg reader, reused, allocating its image.</li>
 * </ul>
 * Allocation per frame: run with {@code -prof gc} and read {@code gc.alloc.rate.norm}.
 *
 * <p>The photos are read from ../shared (see SharedFiles in the tests), found from the working directory, or from
 * {@code -Dganglion.shared=DIR}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JpegDecodeBenchmark {
    @Param({"dog", "coco", "1080p"})
    public String photo;

    /** Kept once deregistered, for a second setup in the same JVM. */
    private static ImageReaderSpi twelveMonkeysSpi;

    private byte[] jpeg;
    private JpegDecoder decoder;
    private ImageReader jdkReader;
    private ImageReader twelveMonkeys;
    private BufferedImage halfSize;

    @Setup
    public void setUp() throws IOException {
        // TwelveMonkeys (on the benchmark class path) registers ahead of the JDK's reader; take an instance of it,
        // then deregister it, so that ImageIO.read measures what it does in the gateway: the JDK's reader.
        IIORegistry registry = IIORegistry.getDefaultInstance();
        for (Iterator<ImageReaderSpi> spis = registry.getServiceProviders(ImageReaderSpi.class, true);
             spis.hasNext(); ) {
            ImageReaderSpi spi = spis.next();
            if (spi.getClass().getName().startsWith("com.twelvemonkeys") && spi.canDecodeInput(probe())) {
                twelveMonkeysSpi = spi;
                registry.deregisterServiceProvider(spi);
            }
        }
        twelveMonkeys = twelveMonkeysSpi == null ? null : twelveMonkeysSpi.createReaderInstance();
        jdkReader = jdk(ImageIO.getImageReadersByFormatName("jpeg"));
        check(twelveMonkeys != null, "TwelveMonkeys' JPEG reader on the class path");

        Path shared = sharedImages();
        jpeg = switch (photo) {
            case "dog" -> Files.readAllBytes(shared.resolve("dog.jpg"));
            case "coco" -> Files.readAllBytes(shared.resolve("coco/000000001532.jpg"));
            case "1080p" -> encode1080p(ImageIO.read(shared.resolve("dog.jpg").toFile()));
            default -> throw new IllegalArgumentException("unknown photo " + photo);
        };
        decoder = new JpegDecoder();
        Frame full = decoder.decode(jpeg);
        halfSize = new BufferedImage((full.width() + 1) / 2, (full.height() + 1) / 2, BufferedImage.TYPE_3BYTE_BGR);
        check(imageIoRead().getWidth() == full.width(), "ImageIO.read and JpegDecoder agree on the size");
        check(twelveMonkeys().getWidth() == full.width(), "TwelveMonkeys decodes the photo");
        check(jdkSubsampled2().getWidth() == halfSize.getWidth(), "subsampling halves the width");
    }

    @TearDown
    public void tearDown() {
        decoder.close();
        jdkReader.dispose();
        twelveMonkeys.dispose();
    }

    @Benchmark
    public BufferedImage imageIoRead() throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    @Benchmark
    public Frame jpegDecoder() throws IOException {
        return decoder.decode(jpeg);
    }

    @Benchmark
    public Frame jpegDecoderFor416() throws IOException {
        return decoder.decode(jpeg, 416);
    }

    @Benchmark
    public BufferedImage jdkSubsampled2() throws IOException {
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            jdkReader.setInput(input, true, true);
            ImageReadParam param = jdkReader.getDefaultReadParam();
            param.setSourceSubsampling(2, 2, 0, 0);
            param.setDestination(halfSize);
            return jdkReader.read(0, param);
        } finally {
            jdkReader.setInput(null);
        }
    }

    @Benchmark
    public BufferedImage twelveMonkeys() throws IOException {
        try (MemoryCacheImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            twelveMonkeys.setInput(input, true, true);
            return twelveMonkeys.read(0);
        } finally {
            twelveMonkeys.setInput(null);
        }
    }

    private static MemoryCacheImageInputStream probe() {
        byte[] soi = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
        return new MemoryCacheImageInputStream(new ByteArrayInputStream(soi));
    }

    private static ImageReader jdk(Iterator<ImageReader> readers) {
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().startsWith("com.sun.imageio.plugins.jpeg.")) {
                return reader;
            }
        }
        throw new IllegalStateException("no JDK JPEG reader");
    }

    /** The photo scaled to 1920x1080 and encoded at quality 0.85 by the JDK's writer, like a camera's frame. */
    private static byte[] encode1080p(BufferedImage source) throws IOException {
        BufferedImage big = new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR);
        var graphics = big.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(source, 0, 0, 1920, 1080, null);
        graphics.dispose();
        ImageWriter writer = null;
        for (Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg"); writers.hasNext(); ) {
            ImageWriter candidate = writers.next();
            if (writer == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) {
                writer = candidate;
            }
        }
        check(writer != null, "a JPEG writer");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(big, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static Path sharedImages() {
        String configured = System.getProperty("ganglion.shared");
        if (configured != null) {
            return Path.of(configured, "images");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci"))) {
                return p.resolveSibling("shared").resolve("images");
            }
        }
        throw new IllegalStateException("run from inside the project (next to ../shared) or set -Dganglion.shared");
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark setup is wrong: expected " + what);
        }
    }
}
