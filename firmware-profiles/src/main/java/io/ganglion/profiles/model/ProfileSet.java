package io.ganglion.profiles.model;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A checked, immutable set of firmware profiles: loaded from a directory (one profile per {@code *.yaml} or
 * {@code *.yml} file), from the library shipped in this jar, or both, the directory overriding the library by id.
 * Loading reports every problem at once ({@link ProfileSetException}).
 *
 * <p>Within a set, each model's firmware ranges do not overlap, so {@link #select} finds at most one profile.
 *
 * <pre>{@code
 * ProfileSet profiles = ProfileSet.load(Path.of("/etc/ganglion/profiles"), ProfileSet.library());
 * ProfileSelection selection = profiles.select("bme280-node", FirmwareVersion.of("2.1.0"));
 * }</pre>
 */
public final class ProfileSet {
    /** Where the library's files and their index are on the classpath. */
    public static final String LIBRARY_FOLDER = "io/ganglion/profiles/library";
    /** The library's list of files, one name per line, because a classpath cannot be listed. */
    public static final String INDEX = "index.txt";

    private static final ProfileSet EMPTY = new ProfileSet(List.of());

    private final Map<String, ProfileDefinition> definitions;
    private final Map<String, DeviceProfile> profiles;

    ProfileSet(Collection<ProfileDefinition> definitions) {
        Map<String, ProfileDefinition> byId = new LinkedHashMap<>();
        Map<String, DeviceProfile> concrete = new LinkedHashMap<>();
        for (ProfileDefinition definition : definitions) {
            byId.put(definition.id(), definition);
            if (!definition.isAbstract()) {
                concrete.put(definition.id(), new DeviceProfile(definition));
            }
        }
        this.definitions = Collections.unmodifiableMap(byId);
        this.profiles = Collections.unmodifiableMap(concrete);
    }

    public static ProfileSet empty() {
        return EMPTY;
    }

    /** The profiles of {@code directory} on their own; see {@link #load(Path, ProfileSet)}. */
    public static ProfileSet load(Path directory) throws ProfileSetException {
        return load(directory, EMPTY);
    }

    /**
     * Loads every {@code *.yaml} and {@code *.yml} file of {@code directory} (not its subdirectories) as one profile.
     *
     * @param base profiles these may extend and that they override by id, usually {@link #library()}; the result
     *             holds both. A base profile that extends one overridden here keeps the base's parent.
     * @throws ProfileSetException with every problem found, each naming the file, line and key
     */
    public static ProfileSet load(Path directory, ProfileSet base) throws ProfileSetException {
        ProfileSetBuilder builder = new ProfileSetBuilder();
        ConfigLoader loader = ConfigLoader.withoutEnvironment();
        List<Path> files;
        try {
            files = profileFiles(directory);
        } catch (IOException e) {
            throw new ProfileSetException(List.of(new ConfigException(directory, null, 0,
                    Files.isDirectory(directory) ? "cannot be listed: " + e : "is not a directory of profiles")));
        }
        for (Path file : files) {
            try {
                builder.add(loader.loadFile(file, ProfileDocument.class));
            } catch (ConfigException e) {
                builder.problem(e);
            }
        }
        return builder.build(base);
    }

    private static List<Path> profileFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".yaml")
                            || file.getFileName().toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
        }
    }

    /**
     * Profiles from classpath resources: {@code folder/index.txt} names the files, one per line ({@code #} starts a
     * comment). Messages name each file {@code library/NAME}.
     */
    public static ProfileSet fromClasspath(ClassLoader classLoader, String folder) throws ProfileSetException {
        ProfileSetBuilder builder = new ProfileSetBuilder();
        ConfigLoader loader = ConfigLoader.withoutEnvironment();
        for (String name : index(classLoader, folder)) {
            Path shownAs = Path.of("library", name);
            String text = resource(classLoader, folder + "/" + name);
            if (text == null) {
                builder.problem(new ConfigException(shownAs, null, 0, "is listed in " + folder + "/" + INDEX
                        + " but is not on the classpath"));
                continue;
            }
            try {
                builder.add(loader.loadText(text, shownAs, ProfileDocument.class));
            } catch (ConfigException e) {
                builder.problem(e);
            }
        }
        return builder.build(EMPTY);
    }

    /** The profiles shipped in this jar (firmware-profiles/profiles/ in the source tree); loaded once. */
    public static ProfileSet library() {
        return Library.SET;
    }

    /** Holder: the library is read on first use, and a broken one is a build defect, not a user error. */
    private static final class Library {
        static final ProfileSet SET = load();

        private static ProfileSet load() {
            try {
                return fromClasspath(ProfileSet.class.getClassLoader(), LIBRARY_FOLDER);
            } catch (ProfileSetException e) {
                throw new IllegalStateException("the shipped profile library is invalid: " + e.getMessage(), e);
            }
        }
    }

    private static List<String> index(ClassLoader classLoader, String folder) {
        String text = resource(classLoader, folder + "/" + INDEX);
        if (text == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String resource(ClassLoader classLoader, String name) {
        try (InputStream in = classLoader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    /**
     * This set with {@code overrides} on top: a profile of the same id replaces this set's.
     *
     * @throws ProfileSetException when a profile of {@code overrides} covers firmware that another profile of the
     *                             same model in this set covers too
     */
    public ProfileSet overriddenBy(ProfileSet overrides) throws ProfileSetException {
        return ProfileSetBuilder.combine(this, overrides);
    }

    /** The usable (not abstract) profile with this id. */
    public Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    /** Any profile with this id, abstract ones included. */
    public Optional<ProfileDefinition> definition(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    /** Every usable profile, in load order. */
    public List<DeviceProfile> all() {
        return List.copyOf(profiles.values());
    }

    /** Every profile, abstract ones included, in load order. */
    public List<ProfileDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** The usable profiles of one model, by firmware range (lowest first). */
    public List<DeviceProfile> byModel(String model) {
        return profiles.values().stream().filter(profile -> profile.model().equals(model))
                .sorted(ProfileSet::byLowerBound).collect(Collectors.toList());
    }

    /**
     * The profile for a device of {@code model} running {@code firmware}, or why there is none: no profile of that
     * model, or none whose range covers the version (the reason lists the ranges there are).
     */
    public ProfileSelection select(String model, FirmwareVersion firmware) {
        List<DeviceProfile> candidates = byModel(model);
        if (candidates.isEmpty()) {
            return ProfileSelection.none("no profile of model " + model + " (models: " + profiles.values().stream()
                    .map(DeviceProfile::model).distinct().sorted().collect(Collectors.joining(", ")) + ")");
        }
        for (DeviceProfile candidate : candidates) {
            if (candidate.firmware().contains(firmware)) {
                return ProfileSelection.found(candidate);
            }
        }
        return ProfileSelection.none("no profile of model " + model + " covers firmware " + firmware + " (known: "
                + candidates.stream().map(p -> p.id() + " [" + p.firmware() + "]").collect(Collectors.joining(", "))
                + ")");
    }

    private static int byLowerBound(DeviceProfile a, DeviceProfile b) {
        return a.firmware().compareLowerBounds(b.firmware());
    }

    /** How many usable (not abstract) profiles the set holds. */
    public int size() {
        return profiles.size();
    }

    @Override
    public String toString() {
        return "ProfileSet" + profiles.keySet();
    }
}
