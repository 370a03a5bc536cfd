package io.ganglion.sim.scenario;

import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.ConfigLoader;
import io.ganglion.profiles.yaml.LoadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Loads a scenario file and checks it against the profiles it names. See {@link ConfigLoader} for the YAML rules and
 * docs/simulator.md for every key.
 *
 * <pre>{@code
 * LoadedScenario loaded = new ScenarioLoader().load(Path.of("intersection.yaml"));
 * LoadedScenario shipped = new ScenarioLoader().loadShipped("factory");
 * }</pre>
 */
public final class ScenarioLoader {
    /** Where the shipped scenarios are on the classpath ({@code simulator/scenarios/} in the source tree). */
    public static final String SHIPPED_FOLDER = "io/ganglion/sim/scenarios";

    private final ConfigLoader loader;

    /** Substitutes {@code ${NAME}} from the process environment. */
    public ScenarioLoader() {
        this(System::getenv);
    }

    /** @param environment looks up an environment variable by name, {@code null} when it is not set */
    public ScenarioLoader(Function<String, String> environment) {
        this.loader = new ConfigLoader(environment);
    }

    /**
     * @param file the scenario; messages name it as given here, and relative paths in it are resolved from its
     *             directory
     * @throws ConfigException when the file or a profile it names cannot be used; the message names the file, line,
     *                         key and what was expected
     */
    public LoadedScenario load(Path file) throws ConfigException {
        Path dir = file.toAbsolutePath().getParent();
        return check(loader.loadFile(file, Scenario.class), dir);
    }

    /**
     * A scenario shipped in the jar, by name: {@code intersection} or {@code factory}.
     *
     * @throws ConfigException when there is no such scenario (the message lists the ones there are)
     */
    public LoadedScenario loadShipped(String name) throws ConfigException {
        String resource = SHIPPED_FOLDER + "/" + name + ".yaml";
        Path shownAs = Path.of("scenarios", name + ".yaml");
        String text;
        try (InputStream in = ScenarioLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(shownAs, null, 0, "no such shipped scenario (shipped: "
                        + String.join(", ", ShippedScenarios.NAMES) + ")");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(shownAs, null, 0, "cannot be read: " + e, e);
        }
        return check(loader.loadText(text, shownAs, Scenario.class), null);
    }

    /**
     * Loads scenario text that is not a file of its own (a test's, a request's).
     *
     * @param shownAs what messages call it
     * @param baseDir where its relative paths are resolved from; {@code null}: the working directory
     */
    public LoadedScenario loadText(String text, Path shownAs, Path baseDir) throws ConfigException {
        return check(loader.loadText(text, shownAs, Scenario.class), baseDir);
    }

    /**
     * Loads {@code nameOrFile} as a shipped scenario when it is one's name, else as a file: what the command line's
     * {@code --scenario} takes.
     */
    public LoadedScenario loadNamed(String nameOrFile) throws ConfigException {
        if (ShippedScenarios.NAMES.contains(nameOrFile)) {
            return loadShipped(nameOrFile);
        }
        return load(Path.of(nameOrFile));
    }

    private static LoadedScenario check(LoadedFile<Scenario> file, Path baseDir) throws ConfigException {
        Scenario scenario = file.value();
        ProfileSet profiles = ProfileSet.library();
        if (scenario.profiles() != null) {
            Path directory = baseDir == null ? scenario.profiles() : baseDir.resolve(scenario.profiles());
            try {
                profiles = ProfileSet.load(directory, ProfileSet.library());
            } catch (ProfileSetException e) {
                throw file.problem("profiles", "expected a directory of valid profiles, got " + directory + ": "
                        + e.getMessage());
            }
        }
        LoadedScenario loaded = new LoadedScenario(scenario, profiles, file.file(), baseDir);
        new ScenarioChecks(file, loaded).run();
        return loaded;
    }
}
