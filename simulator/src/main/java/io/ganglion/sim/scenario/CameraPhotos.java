package io.ganglion.sim.scenario;

import java.nio.file.Path;
import java.util.Locale;

/** Which files of a camera's folder are its photos. */
public final class CameraPhotos {
    private CameraPhotos() {
    }

    public static boolean isJpeg(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg");
    }
}
