package io.ganglion.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class names (or PP-OCR's character list) from a text file: line i is class i. */
public final class Labels {
    private Labels() {
    }

    /**
     * Reads a labels file.
     *
     * @param trim strip spaces around each name (class names); false keeps each line as it is (a character list,
     *             where a line may be a space)
     */
    public static List<String> read(Path file, String model, String key, boolean trim) throws ModelException {
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model " + model + ": " + key + " " + file + " does not exist");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException("model " + model + ": " + key + " " + file + " cannot be read as UTF-8 text: "
                    + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>(lines.size());
        for (String line : lines) {
            names.add(trim ? line.strip() : line);
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        if (names.isEmpty()) {
            throw new ModelException("model " + model + ": " + key + " " + file + " is empty");
        }
        return List.copyOf(names);
    }

    /** The name of a class, or {@code class-N} when the model has no labels file or the index is beyond it. */
    public static String name(List<String> labels, int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : "class-" + classId;
    }
}
