package io.ganglion.profiles.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes profile files into a test's directory. */
final class ProfileFiles {
    /** A complete JSON profile of model {@code thermo} to start tests from. */
    static final String THERMO = String.join("\n",
            "id: thermo-v1",
            "vendor: Acme",
            "model: thermo",
            "firmware: '>=1 <2'",
            "metrics:",
            "  temperature: {unit: Cel, range: [-40, 85], period: 10s}",
            "  pressure: {unit: Pa, range: [30000, 110000], convertFrom: hPa}",
            "telemetry:",
            "  codec: json",
            "  timestamp: {path: ts, unit: ms}",
            "  fields:",
            "    temperature: {path: env.t}",
            "    pressure: {path: env.p}",
            "commands:",
            "  set-interval:",
            "    parameters: {seconds: {type: int, range: [1, 3600]}}",
            "    payload: {codec: json, fields: {seconds: {path: interval_s}}}",
            "");

    private final Path directory;

    ProfileFiles(Path directory) {
        this.directory = directory;
    }

    Path write(String name, String... lines) {
        try {
            return Files.writeString(directory.resolve(name), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }
}
