package io.ganglion.runtime.config;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the gateway finds firmware profiles beyond the library it ships with (YAML: {@code profiles}).
 *
 * @param directory     a directory of profile YAML files, or null for the shipped library only; a profile here
 *                      replaces a library profile with the same id
 * @param reload        whether changed files in {@code directory} are validated and swapped in while running
 * @param checkInterval how often the directory is looked at for changes
 */
public record ProfilesConfig(Path directory, Boolean reload, Duration checkInterval) {
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);

    public ProfilesConfig {
        reload = orDefault(reload, Boolean.TRUE);
        checkInterval = inRange("checkInterval", orDefault(checkInterval, DEFAULT_CHECK_INTERVAL),
                Duration.ofMillis(100), Duration.ofHours(1));
    }

    public static ProfilesConfig defaults() {
        return new ProfilesConfig(null, null, null);
    }
}
