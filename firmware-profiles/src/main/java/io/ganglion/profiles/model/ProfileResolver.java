package io.ganglion.profiles.model;

import io.ganglion.profiles.codec.CodecSpec;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.profiles.yaml.LoadedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves {@code extends}: each profile's own keys over its parent's, recursively. Scalars, {@code telemetry} and
 * {@code camera} are replaced whole; {@code metrics} and {@code commands} merge by name (a child's entry replaces the
 * parent's whole, {@code name: ~} drops it); {@code transports} merge by transport; {@code tests} merge by name.
 * {@code abstract} is never inherited. Test vectors go with their payload format: a child with its own telemetry
 * codec does not inherit the parent's telemetry vectors (unless the parent had no codec), nor a child that redefines
 * a command that command's vectors. A parent missing from the set and a cycle are problems of the profile whose
 * {@code extends} names them; such a profile, and everything extending it, is left out.
 */
final class ProfileResolver {
    private final Map<String, LoadedFile<ProfileDocument>> documents;
    private final Function<String, ProfileDefinition> base;
    private final Map<String, ProfileDefinition> resolved = new LinkedHashMap<>();
    private final Map<String, Boolean> failed = new HashMap<>();
    private final List<ConfigException> problems;

    /**
     * @param documents by id, duplicates already removed
     * @param base      profiles outside this set that these may extend (the library), by id; returns null if none
     * @param problems  where problems are added
     */
    ProfileResolver(Map<String, LoadedFile<ProfileDocument>> documents, Function<String, ProfileDefinition> base,
            List<ConfigException> problems) {
        this.documents = documents;
        this.base = base;
        this.problems = problems;
    }

    /** Every profile that could be resolved, in the order of {@code documents}. */
    Map<String, ProfileDefinition> resolveAll() {
        for (String id : documents.keySet()) {
            resolve(id, new ArrayList<>());
        }
        Map<String, ProfileDefinition> inOrder = new LinkedHashMap<>();
        documents.keySet().stream().filter(resolved::containsKey).forEach(id -> inOrder.put(id, resolved.get(id)));
        return inOrder;
    }

    private ProfileDefinition resolve(String id, List<String> chain) {
        if (resolved.containsKey(id) || failed.containsKey(id)) {
            return resolved.get(id);
        }
        LoadedFile<ProfileDocument> file = documents.get(id);
        ProfileDocument document = file.value();
        chain.add(id);
        ProfileDefinition parent = null;
        if (document.parent() != null) {
            String parentId = document.parent();
            if (chain.contains(parentId)) {
                List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(parentId), chain.size()));
                cycle.add(parentId);
                problems.add(file.problem("extends", "expected a profile that does not extend this one again,"
                        + " got a cycle: " + String.join(" -> ", cycle)));
                failed.put(id, true);
                return null;
            }
            if (documents.containsKey(parentId)) {
                parent = resolve(parentId, chain);
                if (parent == null) {
                    failed.put(id, true); // the parent's own problem says why
                    return null;
                }
            } else {
                parent = base.apply(parentId);
                if (parent == null) {
                    TreeSet<String> known = new TreeSet<>(documents.keySet());
                    problems.add(file.problem("extends", "expected the id of a profile in this set or the library,"
                            + " got '" + parentId + "'" + suggestion(parentId, known)));
                    failed.put(id, true);
                    return null;
                }
            }
        }
        ProfileDefinition definition = merge(file, parent);
        resolved.put(id, definition);
        return definition;
    }

    private static String suggestion(String missing, TreeSet<String> known) {
        String lower = missing.toLowerCase(java.util.Locale.ROOT);
        return known.stream().filter(id -> id.toLowerCase(java.util.Locale.ROOT).contains(lower)
                        || lower.contains(id.toLowerCase(java.util.Locale.ROOT)))
                .findFirst().map(id -> " (did you mean " + id + "?)").orElse("");
    }

    private static ProfileDefinition merge(LoadedFile<ProfileDocument> file, ProfileDefinition parent) {
        ProfileDocument own = file.value();
        Map<String, LoadedFile<ProfileDocument>> owners = new HashMap<>();
        String vendor = scalar("vendor", own.vendor(), parent == null ? null : parent.vendor(), file, parent,
                owners);
        String model = scalar("model", own.model(), parent == null ? null : parent.model(), file, parent,
                owners);
        FirmwareRange firmware = scalar("firmware", own.firmware(),
                parent == null ? null : parent.firmware(), file, parent, owners);
        String description = scalar("description", own.description(),
                parent == null ? null : parent.description(), file, parent, owners);
        CodecSpec telemetry = scalar("telemetry", own.telemetry(),
                parent == null ? null : parent.telemetry(), file, parent, owners);
        CameraSpec camera = scalar("camera", own.camera(),
                parent == null ? null : parent.camera().orElse(null), file, parent, owners);

        Map<String, MetricSpec> metrics = byName("metrics", own.metrics(),
                parent == null ? Map.of() : parent.metrics(), file, parent, owners);
        Map<String, CommandSpec> commands = byName("commands", own.commands(),
                parent == null ? Map.of() : parent.commands(), file, parent, owners);
        Transports transports = transports(own.transports(), parent, file, owners);
        List<ProfileDefinition.PlacedVector> tests = tests(file, parent);

        inheritOwners(parent, owners);
        return new ProfileDefinition(own, vendor, model, firmware, description, metrics, telemetry, transports,
                commands, camera, tests, new Provenance(file, owners));
    }

    private static <T> T scalar(String key, T own, T inherited, LoadedFile<ProfileDocument> file,
            ProfileDefinition parent, Map<String, LoadedFile<ProfileDocument>> owners) {
        if (own != null || parent == null) {
            owners.put(key, file);
            return own;
        }
        return inherited;
    }

    private static <T> Map<String, T> byName(String section, Map<String, T> own, Map<String, T> inherited,
            LoadedFile<ProfileDocument> file, ProfileDefinition parent,
            Map<String, LoadedFile<ProfileDocument>> owners) {
        Map<String, T> merged = new LinkedHashMap<>(inherited);
        if (own != null) {
            own.forEach((name, entry) -> {
                if (entry == null) {
                    merged.remove(name); // "name: ~" drops an inherited entry
                } else {
                    merged.put(name, entry);
                }
                owners.put(section + "." + name, file);
            });
        }
        return merged;
    }

    private static Transports transports(Transports own, ProfileDefinition parent, LoadedFile<ProfileDocument> file,
            Map<String, LoadedFile<ProfileDocument>> owners) {
        Transports inherited = parent == null ? new Transports(null, null, null) : parent.declaredTransports();
        if (own == null) {
            return inherited;
        }
        if (own.mqtt() != null) {
            owners.put("transports.mqtt", file);
        }
        if (own.coap() != null) {
            owners.put("transports.coap", file);
        }
        if (own.gpio() != null) {
            owners.put("transports.gpio", file);
        }
        return new Transports(own.mqtt() != null ? own.mqtt() : inherited.mqtt(),
                own.coap() != null ? own.coap() : inherited.coap(),
                own.gpio() != null ? own.gpio() : inherited.gpio());
    }

    private static List<ProfileDefinition.PlacedVector> tests(LoadedFile<ProfileDocument> file,
            ProfileDefinition parent) {
        List<ProfileDefinition.PlacedVector> merged = new ArrayList<>();
        ProfileDocument child = file.value();
        if (parent != null) {
            // A vector belongs to the payload format it was written for: a child with a codec of its own keeps
            // none of the parent's telemetry vectors (unless the parent had no codec, as an abstract base), and a
            // child that redefines a command none of that command's vectors.
            boolean newCodec = child.telemetry() != null && parent.telemetry() != null;
            for (ProfileDefinition.PlacedVector placed : parent.placedTests()) {
                TestVector vector = placed.vector();
                boolean stale = vector.isCommand()
                        ? child.commands() != null && child.commands().containsKey(vector.command())
                        : newCodec;
                if (!stale) {
                    merged.add(placed);
                }
            }
        }
        int inherited = merged.size(); // only inherited vectors are replaced by name; a file's own are all kept
        List<TestVector> own = child.tests();
        for (int i = 0; i < own.size(); i++) {
            String key = "tests[" + i + "]";
            ProfileDefinition.PlacedVector placed = new ProfileDefinition.PlacedVector(own.get(i), file, key);
            int replaced = indexOf(merged.subList(0, inherited), own.get(i).name());
            if (replaced >= 0) {
                merged.set(replaced, placed);
            } else {
                merged.add(placed);
            }
        }
        return merged;
    }

    private static int indexOf(List<ProfileDefinition.PlacedVector> vectors, String name) {
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).vector().name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Entries the child did not write keep the parent's owners. */
    private static void inheritOwners(ProfileDefinition parent, Map<String, LoadedFile<ProfileDocument>> owners) {
        if (parent != null) {
            parent.owners().forEach(owners::putIfAbsent);
        }
    }
}
