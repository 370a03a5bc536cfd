package io.ganglion.profiles.model;

import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.LoadedFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns loaded profile files into a {@link ProfileSet}, collecting every problem on the way: duplicate ids,
 * {@code extends} that cannot be resolved, each profile's own checks, and firmware ranges of one model that overlap
 * (with each other or with the base set they are added to).
 */
final class ProfileSetBuilder {
    private final List<ConfigException> problems = new ArrayList<>();
    private final Map<String, LoadedFile<ProfileDocument>> documents = new LinkedHashMap<>();

    /** A file that could not be read or bound. */
    void problem(ConfigException problem) {
        problems.add(problem);
    }

    void add(LoadedFile<ProfileDocument> file) {
        String id = file.value().id();
        LoadedFile<ProfileDocument> first = documents.get(id);
        if (first != null) {
            problems.add(file.problem("id", "expected an id no other profile has, got '" + id + "', which "
                    + Provenance.location(first.file(), first.lineOf("id")) + " has too"));
            return;
        }
        documents.put(id, file);
    }

    /**
     * @param base the set these profiles extend and override by id; its profiles of the same model must not overlap
     *             with these
     */
    ProfileSet build(ProfileSet base) throws ProfileSetException {
        Map<String, ProfileDefinition> resolved = new ProfileResolver(documents,
                id -> base.definition(id).orElse(null), problems).resolveAll();
        resolved.values().forEach(profile -> ProfileValidator.check(profile, problems));
        Map<String, ProfileDefinition> combined = new LinkedHashMap<>();
        base.definitions().forEach(profile -> combined.put(profile.id(), profile));
        combined.keySet().removeAll(resolved.keySet());
        checkOverlaps(resolved.values(), combined.values());
        combined.putAll(resolved);
        if (!problems.isEmpty()) {
            throw new ProfileSetException(ordered(problems));
        }
        return new ProfileSet(combined.values());
    }

    /** {@code base} with {@code overrides} on top, by id; see {@link ProfileSet#overriddenBy}. */
    static ProfileSet combine(ProfileSet base, ProfileSet overrides) throws ProfileSetException {
        ProfileSetBuilder builder = new ProfileSetBuilder();
        Map<String, ProfileDefinition> combined = new LinkedHashMap<>();
        base.definitions().forEach(profile -> combined.put(profile.id(), profile));
        overrides.definitions().forEach(profile -> combined.remove(profile.id()));
        builder.checkOverlaps(overrides.definitions(), combined.values());
        if (!builder.problems.isEmpty()) {
            throw new ProfileSetException(ordered(builder.problems));
        }
        overrides.definitions().forEach(profile -> combined.put(profile.id(), profile));
        return new ProfileSet(combined.values());
    }

    /** Each new profile against the profiles before it and those of the base: one model, one profile per version. */
    private void checkOverlaps(Iterable<ProfileDefinition> added, Iterable<ProfileDefinition> existing) {
        List<ProfileDefinition> seen = new ArrayList<>();
        existing.forEach(seen::add);
        for (ProfileDefinition profile : added) {
            if (!profile.isAbstract() && profile.model() != null && profile.firmware() != null) {
                for (ProfileDefinition other : seen) {
                    if (!other.isAbstract() && profile.model().equals(other.model()) && other.firmware() != null
                            && profile.firmware().overlaps(other.firmware())) {
                        problems.add(profile.problem("firmware", "expected a range no other profile of model "
                                + profile.model() + " covers, got '" + profile.firmware() + "', which overlaps "
                                + other.id() + " [" + other.firmware() + "] (" + other.location("firmware") + ")"));
                    }
                }
            }
            seen.add(profile);
        }
    }

    /** By file, then line; a problem reported twice (a parent's, seen again through a child) once. */
    private static List<ConfigException> ordered(List<ConfigException> problems) {
        Map<String, ConfigException> unique = new LinkedHashMap<>();
        problems.forEach(problem -> unique.putIfAbsent(problem.getMessage(), problem));
        List<ConfigException> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparing((ConfigException e) -> String.valueOf(e.file()))
                .thenComparingInt(ConfigException::line));
        return sorted;
    }
}
