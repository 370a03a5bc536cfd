package io.ganglion.runtime.profiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A fingerprint of a profile directory's YAML files (names and contents), to tell whether anything changed since the
 * last look. Contents rather than modification times: an editor can save twice within the file system's time
 * resolution, and a copied file may keep an old time. Profile directories hold a few dozen small files.
 */
final class ProfileDirectory {
    private ProfileDirectory() {
    }

    /** The fingerprint, or -1 when the directory cannot be read (which a reload then reports). */
    static long fingerprint(Path directory) {
        CRC32 crc = new CRC32();
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> files = entries.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml");
            }).sorted().toList();
            for (Path file : files) {
                crc.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                crc.update(0);
                crc.update(Files.readAllBytes(file));
                crc.update(0);
            }
            return crc.getValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
