package io.ganglion.inference.source;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small real JPEGs, each with its own colour, encoded by ImageIO. */
final class TestJpegs {
    private TestJpegs() {
    }

    static byte[] jpeg(int seed) {
        return encode(64, 48, new Color(Color.HSBtoRGB(seed / 7f, 0.8f, 0.9f)), "jpg");
    }

    static byte[] png(int seed) {
        return encode(32, 24, new Color(Color.HSBtoRGB(seed / 7f, 0.8f, 0.9f)), "png");
    }

    private static byte[] encode(int width, int height, Color color, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, width - 1, height - 1);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
