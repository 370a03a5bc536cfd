package io.ganglion.inference.image;

import io.ganglion.inference.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws detections onto a copy of a frame (a box and a "label score" caption each, one colour per class) and encodes
 * the result as JPEG: for the dashboard's latest-frame view and {@code ganglion infer --out}. Stateless and
 * thread-safe; the frame given is never modified.
 */
public final class Annotator {
    /** JPEG quality of annotated frames: good enough to read captions, a fraction of the raw size. */
    public static final float JPEG_QUALITY = 0.85f;

    private Annotator() {
    }

    /** Decodes {@code jpeg}, draws the detections and encodes a new JPEG. */
    public static byte[] annotateJpeg(byte[] jpeg, List<Detection> detections) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (RuntimeException e) {
            throw new IOException("not a readable image: " + e, e);
        }
        if (image == null) {
            throw new IOException("not a JPEG or PNG image");
        }
        return encode(draw(image, detections));
    }

    /** A packed-BGR copy of {@code image} with the detections drawn on it. */
    public static BufferedImage draw(BufferedImage image, List<Detection> detections) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int line = Math.max(2, Math.round(Math.min(image.getWidth(), image.getHeight()) / 240f));
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, line * 6)));
            FontMetrics metrics = g.getFontMetrics();
            for (Detection d : detections) {
                Color colour = colourOf(d.classId(), d.label());
                int x = Math.round(d.x1());
                int y = Math.round(d.y1());
                int w = Math.max(1, Math.round(d.x2() - d.x1()));
                int h = Math.max(1, Math.round(d.y2() - d.y1()));
                g.setColor(colour);
                g.drawRect(x, y, w, h);
                String caption = caption(d);
                int textWidth = metrics.stringWidth(caption) + 6;
                int textHeight = metrics.getHeight();
                int top = y - textHeight >= 0 ? y - textHeight : y; // inside the box when it touches the top
                g.fillRect(x, top, textWidth, textHeight);
                g.setColor(brightness(colour) > 140 ? Color.BLACK : Color.WHITE);
                g.drawString(caption, x + 3, top + metrics.getAscent());
            }
        } finally {
            g.dispose();
        }
        return copy;
    }

    /** JPEG bytes of an image, at {@link #JPEG_QUALITY}. */
    public static byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static String caption(Detection d) {
        String name = d.text() != null ? d.text() : d.label();
        return name + " " + String.format(Locale.ROOT, "%.2f", d.score());
    }

    /** A stable, saturated colour per class: the same class has the same colour in every frame. */
    static Color colourOf(int classId, String label) {
        int seed = classId >= 0 ? classId : label.hashCode();
        float hue = ((seed * 0.618034f) % 1f + 1f) % 1f; // golden-ratio steps spread neighbouring ids apart
        return Color.getHSBColor(hue, 0.85f, 0.95f);
    }

    private static int brightness(Color c) {
        return (c.getRed() * 299 + c.getGreen() * 587 + c.getBlue() * 114) / 1000;
    }
}
