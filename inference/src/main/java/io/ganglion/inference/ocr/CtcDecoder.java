package io.ganglion.inference.ocr;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Greedy CTC decoding of the recogniser's output, as PaddleOCR's {@code CTCLabelDecode}: the most probable class at
 * each time step, repeats collapsed, blanks dropped. Greedy rather than beam search because PP-OCR's recogniser is
 * trained for it and a beam over 6,625 classes would cost more than the model run.
 *
 * <p>Class 0 is the CTC blank, class i is line i-1 of the character list, and the class one past the last line is a
 * space (PaddleOCR's {@code use_space_char}). One instance per runner: it keeps a row buffer (not thread-safe).
 */
final class CtcDecoder {
    /** One decoded line: its text and the mean probability of the characters kept. */
    record Line(String text, float score) {
    }

    private final String[] symbols;
    private final float[] row;
    private final StringBuilder text = new StringBuilder();

    /** @param characters the character list, one per line as read from the keys file */
    CtcDecoder(List<String> characters) {
        symbols = new String[characters.size() + 2];
        symbols[0] = "";
        for (int i = 0; i < characters.size(); i++) {
            symbols[i + 1] = characters.get(i);
        }
        symbols[symbols.length - 1] = " ";
        row = new float[symbols.length];
    }

    /** The number of classes the recogniser must output: blank, the characters, space. */
    int classes() {
        return symbols.length;
    }

    /**
     * Decodes one line.
     *
     * @param probabilities {@code steps x classes()} softmax outputs, row-major, starting at {@code offset}
     * @return the text (possibly empty) and its score (0 when empty)
     */
    Line decode(FloatBuffer probabilities, int offset, int steps) {
        int classes = symbols.length;
        text.setLength(0);
        double sum = 0;
        int kept = 0;
        int previous = -1;
        for (int t = 0; t < steps; t++) {
            probabilities.get(offset + t * classes, row, 0, classes);
            int best = 0;
            float bestP = row[0];
            for (int c = 1; c < classes; c++) {
                if (row[c] > bestP) {
                    bestP = row[c];
                    best = c;
                }
            }
            if (best != 0 && best != previous) {
                text.append(symbols[best]);
                sum += bestP;
                kept++;
            }
            previous = best;
        }
        return new Line(text.toString(), kept == 0 ? 0f : (float) (sum / kept));
    }
}
