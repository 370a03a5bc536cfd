package io.ganglion.inference.ocr;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the DB detector's probability map into text boxes, as PaddleOCR's {@code DBPostProcess} does, except that
 * boxes are axis-aligned rectangles rather than rotated ones: pixels above {@link #pixelThreshold} are grouped into
 * 8-connected regions (OpenCV's contour connectivity), a region whose mean probability is below
 * {@link #boxThreshold} or whose bounding box is thinner than 3 map pixels is dropped, and the rest are grown by the
 * DB unclip distance {@code d = area * unclipRatio / perimeter}.
 *
 * <p>Why the unclip: DB is trained to mark a shrunk core of each text line (shrunk by the same formula), so the map's
 * regions are too tight to read from; growing them by d restores the whole line. For an axis-aligned rectangle of
 * w x h, offsetting the polygon by d gives (w + 2d) x (h + 2d), which is what this does.
 *
 * <p>Why axis-aligned: a camera at a road or on a line sees mostly horizontal text, and the recogniser is then fed
 * by the frame writer's plain resize, without a perspective warp. Text tilted by more than a few degrees gets a
 * looser box with some background; it is still read, less reliably.
 *
 * <p>The flood fill is iterative, over an explicit stack in an int array: recursion would overflow on a large
 * region. The arrays are kept between frames (one instance per runner; not thread-safe).
 */
final class TextRegions {
    static final float DEFAULT_PIXEL_THRESHOLD = 0.3f;
    static final float DEFAULT_BOX_THRESHOLD = 0.6f;
    static final float DEFAULT_UNCLIP_RATIO = 1.5f;
    /** PaddleOCR's min_size: a region thinner than this (in map pixels) is noise. */
    static final int MIN_SIDE = 3;
    /** PaddleOCR's max_candidates: a map of noise must not cost unbounded time. */
    static final int MAX_REGIONS = 1000;
    /** Boxes whose tops differ by less than this (frame pixels) are on one line: read left to right. */
    private static final float SAME_LINE = 10f;

    private final float pixelThreshold;
    private final float boxThreshold;
    private final float unclipRatio;

    private float[] probabilities = new float[0];
    private boolean[] pending = new boolean[0];
    private int[] stack = new int[0];

    TextRegions(float pixelThreshold, float boxThreshold, float unclipRatio) {
        this.pixelThreshold = pixelThreshold;
        this.boxThreshold = boxThreshold;
        this.unclipRatio = unclipRatio;
    }

    TextRegions() {
        this(DEFAULT_PIXEL_THRESHOLD, DEFAULT_BOX_THRESHOLD, DEFAULT_UNCLIP_RATIO);
    }

    /**
     * The text boxes of one map, in frame pixels, in reading order (top to bottom, left to right within a line).
     *
     * @param map      {@code mapWidth * mapHeight} probabilities, row-major, from index 0
     * @param frameWidth the frame the map was made from, which the boxes are scaled and clipped to
     */
    List<TextBox> find(FloatBuffer map, int mapWidth, int mapHeight, int frameWidth, int frameHeight) {
        int size = mapWidth * mapHeight;
        if (probabilities.length < size) {
            probabilities = new float[size];
            pending = new boolean[size];
            stack = new int[size];
        }
        float[] p = probabilities;
        map.get(0, p, 0, size);
        boolean[] open = pending;
        for (int i = 0; i < size; i++) {
            open[i] = p[i] > pixelThreshold;
        }
        float scaleX = (float) frameWidth / mapWidth;
        float scaleY = (float) frameHeight / mapHeight;
        List<TextBox> boxes = new ArrayList<>();
        int regions = 0;
        for (int seed = 0; seed < size && regions < MAX_REGIONS; seed++) {
            if (!open[seed]) {
                continue;
            }
            regions++;
            TextBox box = fill(seed, mapWidth, mapHeight, scaleX, scaleY, frameWidth, frameHeight);
            if (box != null) {
                boxes.add(box);
            }
        }
        return readingOrder(boxes);
    }

    /** Flood-fills the region at seed (clearing it from {@link #pending}) and makes its box, or null to drop it. */
    private TextBox fill(int seed, int width, int height, float scaleX, float scaleY, int frameWidth,
                         int frameHeight) {
        float[] p = probabilities;
        boolean[] open = pending;
        int[] todo = stack;
        int top = 0;
        todo[top++] = seed;
        open[seed] = false;
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        double sum = 0;
        int count = 0;
        while (top > 0) {
            int i = todo[--top];
            int x = i % width;
            int y = i / width;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
            sum += p[i];
            count++;
            int fromX = Math.max(0, x - 1);
            int toX = Math.min(width - 1, x + 1);
            for (int ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
                int row = ny * width;
                for (int nx = fromX; nx <= toX; nx++) {
                    int j = row + nx;
                    if (open[j]) {
                        open[j] = false;
                        todo[top++] = j;
                    }
                }
            }
        }
        // Sides as PaddleOCR measures them: between the outermost pixel centres (contour points).
        float w = maxX - minX;
        float h = maxY - minY;
        if (Math.min(w, h) < MIN_SIDE || sum / count < boxThreshold) {
            return null;
        }
        float d = w * h * unclipRatio / (2 * (w + h));
        if (Math.min(w, h) + 2 * d < MIN_SIDE + 2) {
            return null;
        }
        float x1 = clip((minX - d) * scaleX, frameWidth);
        float x2 = clip((maxX + d) * scaleX, frameWidth);
        float y1 = clip((minY - d) * scaleY, frameHeight);
        float y2 = clip((maxY + d) * scaleY, frameHeight);
        if (x2 - x1 < 1 || y2 - y1 < 1) {
            return null;
        }
        return new TextBox(x1, y1, x2, y2, (float) (sum / count));
    }

    private static float clip(float v, int size) {
        return Math.max(0f, Math.min(size, v));
    }

    /**
     * Sorted by top, then left; then, as PaddleOCR's {@code sorted_boxes} does, neighbours whose tops are within
     * {@link #SAME_LINE} pixels are put left to right, so that a line whose words sit a pixel apart reads in order.
     */
    static List<TextBox> readingOrder(List<TextBox> boxes) {
        boxes.sort((a, b) -> a.y1() != b.y1() ? Float.compare(a.y1(), b.y1()) : Float.compare(a.x1(), b.x1()));
        for (int i = 0; i < boxes.size() - 1; i++) {
            for (int j = i; j >= 0; j--) {
                TextBox a = boxes.get(j);
                TextBox b = boxes.get(j + 1);
                if (Math.abs(b.y1() - a.y1()) < SAME_LINE && b.x1() < a.x1()) {
                    boxes.set(j, b);
                    boxes.set(j + 1, a);
                } else {
                    break;
                }
            }
        }
        return boxes;
    }
}
