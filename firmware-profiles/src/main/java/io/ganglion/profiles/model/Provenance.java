package io.ganglion.profiles.model;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.LoadedFile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which file each entry of a resolved profile came from, so that a problem with an inherited metric is reported at
 * the line of the parent file that wrote it, not at the child that merely inherited it.
 */
final class Provenance {
    private final LoadedFile<ProfileDocument> own;
    private final Map<String, LoadedFile<ProfileDocument>> owners;

    /**
     * @param own    the profile's own file: the owner of every key no other file wrote
     * @param owners by entry key ({@code metrics.temperature}, {@code telemetry}, {@code transports.mqtt}), the file
     *               that wrote it
     */
    Provenance(LoadedFile<ProfileDocument> own, Map<String, LoadedFile<ProfileDocument>> owners) {
        this.own = own;
        this.owners = Map.copyOf(owners);
    }

    LoadedFile<ProfileDocument> own() {
        return own;
    }

    Map<String, LoadedFile<ProfileDocument>> owners() {
        return owners;
    }

    LoadedFile<ProfileDocument> ownerOf(String key) {
        for (String path = key; path != null; path = parent(path)) {
            LoadedFile<ProfileDocument> owner = owners.get(path);
            if (owner != null) {
                return owner;
            }
        }
        return own;
    }

    ConfigException problem(String key, String problem) {
        return ownerOf(key).problem(key, problem);
    }

    /** {@code FILE:LINE} of a key, for reports that are not errors. */
    String location(String key) {
        LoadedFile<ProfileDocument> owner = ownerOf(key);
        return location(owner.file(), owner.lineOf(key));
    }

    static String location(Path file, int line) {
        return line > 0 ? file + ":" + line : file.toString();
    }

    private static String parent(String key) {
        int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return cut < 0 ? null : key.substring(0, cut);
    }
}
