package io.ganglion.inference.detect;

import io.ganglion.inference.Detection;
import io.ganglion.inference.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Boxes above the score threshold, before non-maximum suppression, in growable primitive arrays a runner keeps from
 * frame to frame. {@link #suppress} keeps, per class, the best box of every group overlapping by more than the IoU
 * limit (the greedy NMS of YOLOX's and UltraFace's reference code) and returns the kept boxes best first.
 */
public final class Candidates {
    private float[] x1 = new float[64];
    private float[] y1 = new float[64];
    private float[] x2 = new float[64];
    private float[] y2 = new float[64];
    private float[] score = new float[64];
    private int[] classId = new int[64];
    private int[] order = new int[64];
    private boolean[] suppressed = new boolean[64];
    private int size;

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public void add(int cls, float s, float left, float top, float right, float bottom) {
        if (size == score.length) {
            grow();
        }
        classId[size] = cls;
        score[size] = s;
        x1[size] = left;
        y1[size] = top;
        x2[size] = right;
        y2[size] = bottom;
        size++;
    }

    private void grow() {
        int n = size * 2;
        x1 = Arrays.copyOf(x1, n);
        y1 = Arrays.copyOf(y1, n);
        x2 = Arrays.copyOf(x2, n);
        y2 = Arrays.copyOf(y2, n);
        score = Arrays.copyOf(score, n);
        classId = Arrays.copyOf(classId, n);
        order = new int[n];
        suppressed = new boolean[n];
    }

    /**
     * Per-class greedy NMS, boxes clipped to the frame.
     *
     * @param iouLimit a box overlapping a better box of its class by more than this is dropped
     */
    public List<Detection> suppress(float iouLimit, List<String> labels, int frameWidth, int frameHeight) {
        for (int i = 0; i < size; i++) {
            order[i] = i;
            suppressed[i] = false;
        }
        sortByScoreDescending(0, size - 1);
        List<Detection> kept = new ArrayList<>();
        for (int a = 0; a < size; a++) {
            int i = order[a];
            if (suppressed[i]) {
                continue;
            }
            kept.add(new Detection(classId[i], Labels.name(labels, classId[i]), score[i],
                    clip(x1[i], frameWidth), clip(y1[i], frameHeight), clip(x2[i], frameWidth),
                    clip(y2[i], frameHeight)));
            for (int b = a + 1; b < size; b++) {
                int j = order[b];
                if (!suppressed[j] && classId[j] == classId[i] && iou(i, j) > iouLimit) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }

    private float iou(int i, int j) {
        float w = Math.min(x2[i], x2[j]) - Math.max(x1[i], x1[j]);
        float h = Math.min(y2[i], y2[j]) - Math.max(y1[i], y1[j]);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float intersection = w * h;
        float union = (x2[i] - x1[i]) * (y2[i] - y1[i]) + (x2[j] - x1[j]) * (y2[j] - y1[j]) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    private static float clip(float v, int size) {
        return Math.max(0, Math.min(v, size));
    }

    /** Quicksort of {@code order} by score, best first; no boxing, no comparator. */
    private void sortByScoreDescending(int lo, int hi) {
        while (lo < hi) {
            float pivot = score[order[(lo + hi) >>> 1]];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (score[order[i]] > pivot) {
                    i++;
                }
                while (score[order[j]] < pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                sortByScoreDescending(lo, j);
                lo = i;
            } else {
                sortByScoreDescending(i, hi);
                hi = j;
            }
        }
    }
}
