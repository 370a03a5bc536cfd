package io.ganglion.sim.plan;

import io.ganglion.sim.scenario.CameraPhotos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The JPEG frames of a camera group, read once and shared by its cameras: the photos of a folder in name order, or,
 * without a folder, a few generated frames (a grey road with a light block moving across) of the profile's size.
 */
public final class FrameSource {
    static final int GENERATED_FRAMES = 8;

    private final List<byte[]> frames;

    private FrameSource(List<byte[]> frames) {
        this.frames = List.copyOf(frames);
    }

    /** The photos of {@code folder} (*.jpg, *.jpeg), sorted by name. */
    public static FrameSource fromFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> photos = files.filter(Files::isRegularFile).filter(CameraPhotos::isJpeg).sorted()
                    .collect(Collectors.toList());
            List<byte[]> frames = new ArrayList<>(photos.size());
            for (Path photo : photos) {
                frames.add(Files.readAllBytes(photo));
            }
            if (frames.isEmpty()) {
                throw new IllegalArgumentException(folder + " holds no JPEG photos");
            }
            return new FrameSource(frames);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the photos of " + folder, e);
        }
    }

    /** {@value #GENERATED_FRAMES} generated frames of {@code width} x {@code height}. */
    public static FrameSource generated(int width, int height) {
        List<byte[]> frames = new ArrayList<>(GENERATED_FRAMES);
        for (int i = 0; i < GENERATED_FRAMES; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(90, 90, 95));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(220, 200, 60));
            int blockWidth = Math.max(1, width / 8);
            g.fillRect(i * (width - blockWidth) / (GENERATED_FRAMES - 1), height * 5 / 8, blockWidth,
                    Math.max(1, height / 8));
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "jpeg", out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode a generated frame", e);
            }
            frames.add(out.toByteArray());
        }
        return new FrameSource(frames);
    }

    /** The {@code n}th frame, round robin. The array is shared: never write it. */
    public byte[] frame(long n) {
        return frames.get((int) Math.floorMod(n, (long) frames.size()));
    }

    public int size() {
        return frames.size();
    }
}
