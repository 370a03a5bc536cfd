package io.ganglion.runtime.cli;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileDefinition;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.model.TestVectors;
import io.ganglion.profiles.model.VectorResult;
import io.ganglion.profiles.yaml.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ganglion profiles validate|test DIR}: checks a directory of firmware profiles the way the gateway loads it,
 * on top of the shipped library (so a profile may extend a library one, and must not overlap one).
 */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = "Check firmware profiles (see docs/profiles.md).",
        subcommands = {ProfilesCommand.Validate.class, ProfilesCommand.Test.class})
final class ProfilesCommand {

    /** Loads the directory over the library, or prints every problem and says so. */
    private static Optional<ProfileSet> load(Path directory, PrintStream err) {
        try {
            return Optional.of(ProfileSet.load(directory, ProfileSet.library()));
        } catch (ProfileSetException e) {
            for (ConfigException problem : e.problems()) {
                err.println(problem.getMessage());
            }
            err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems") + " in "
                    + directory);
            return Optional.empty();
        }
    }

    /** The profiles loaded from {@code directory}, as opposed to the library's. */
    private static List<ProfileDefinition> own(ProfileSet set, Path directory) {
        List<ProfileDefinition> own = new ArrayList<>();
        for (ProfileDefinition definition : set.definitions()) {
            if (definition.file().startsWith(directory)) {
                own.add(definition);
            }
        }
        return own;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Load every *.yaml profile of DIR and report every problem as FILE:LINE: KEY: what was"
                    + " expected. Exit code 2 if there is any.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "a directory of profiles")
        Path directory;

        @Override
        public Integer call() {
            Optional<ProfileSet> set = load(directory, System.err);
            if (set.isEmpty()) {
                return GanglionCommand.EXIT_INVALID;
            }
            List<ProfileDefinition> own = own(set.get(), directory);
            System.out.println(own.size() + (own.size() == 1 ? " profile" : " profiles") + " in " + directory
                    + " valid");
            return GanglionCommand.EXIT_OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run the test vectors of the profiles of DIR, and of the library profiles they extend."
                    + " Exit code 1 if any fails, 2 if the profiles are invalid.")
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "a directory of profiles")
        Path directory;

        @Override
        public Integer call() {
            Optional<ProfileSet> loaded = load(directory, System.err);
            if (loaded.isEmpty()) {
                return GanglionCommand.EXIT_INVALID;
            }
            ProfileSet set = loaded.get();
            int passed = 0;
            int failed = 0;
            for (DeviceProfile profile : withAncestors(set, own(set, directory))) {
                for (VectorResult result : TestVectors.run(profile)) {
                    if (result.passed()) {
                        passed++;
                        System.out.println("PASS " + result.profileId() + ": " + result.vector());
                    } else {
                        failed++;
                        System.out.println("FAIL " + result.profileId() + ": " + result.vector() + " ("
                                + result.location() + "): " + result.difference());
                    }
                }
            }
            System.out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? GanglionCommand.EXIT_OK : GanglionCommand.EXIT_RUNTIME_FAILURE;
        }

        /** The directory's usable profiles, and the usable library profiles they extend (directly or not). */
        private static Set<DeviceProfile> withAncestors(ProfileSet set, List<ProfileDefinition> own) {
            Set<DeviceProfile> profiles = new LinkedHashSet<>();
            for (ProfileDefinition definition : own) {
                set.find(definition.id()).ifPresent(profiles::add);
            }
            for (ProfileDefinition definition : own) {
                Optional<String> parent = definition.parentId();
                while (parent.isPresent()) {
                    Optional<ProfileDefinition> ancestor = set.definition(parent.get());
                    ancestor.flatMap(found -> set.find(found.id())).ifPresent(profiles::add);
                    parent = ancestor.flatMap(ProfileDefinition::parentId);
                }
            }
            return profiles;
        }
    }
}
