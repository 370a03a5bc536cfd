package io.ganglion.profiles.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.profiles.yaml.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtendsTest {
    private static final String BASE = String.join("\n",
            "id: thermo-base",
            "abstract: true",
            "vendor: Acme",
            "model: thermo",
            "metrics:",
            "  temperature: {unit: Cel, range: [-40, 85]}",
            "  humidity: {unit: '%', range: [0, 100]}",
            "transports:",
            "  mqtt: {telemetry: 'acme/{deviceId}/up'}",
            "commands:",
            "  reboot: {constants: {reboot: 1}, payload: {codec: json, fields: {reboot: {path: reboot}}}}",
            "tests:",
            "  - {name: shared, payload: '{\"t\": 20, \"h\": 50}', expect: {temperature: 20, humidity: 50}}",
            "");

    @TempDir
    Path dir;

    private ProfileFiles files() {
        return new ProfileFiles(dir);
    }

    @Test
    void a_child_inherits_what_it_does_not_say_and_overrides_by_key() throws Exception {
        files().write("base.yaml", BASE);
        files().write("child.yaml",
                "id: thermo-v2",
                "extends: thermo-base",
                "firmware: '>=2'",
                "metrics:",
                "  temperature: {unit: Cel, range: [-20, 60]}",
                "transports:",
                "  coap: {telemetry: /env, observe: true}",
                "telemetry: {codec: json, fields: {temperature: {path: t}, humidity: {path: h}}}",
                "tests:",
                "  - {name: own, payload: '{\"t\": 70, \"h\": 1}', expect: {temperature: {value: 70, quality: bad},"
                        + " humidity: 1}}");

        ProfileSet set = ProfileSet.load(dir);

        DeviceProfile child = set.find("thermo-v2").orElseThrow();
        assertThat(child.vendor()).isEqualTo("Acme");
        assertThat(child.model()).isEqualTo("thermo");
        assertThat(child.metrics().get("temperature").range()).isEqualTo(new ValueRange(-20, 60));
        assertThat(child.metrics().get("humidity").unit()).isEqualTo("%");
        assertThat(child.transports().mqtt().telemetry()).hasToString("acme/{deviceId}/up");
        assertThat(child.transports().coap().observe()).isTrue();
        assertThat(child.commands()).containsOnlyKeys("reboot");
        assertThat(child.definition().tests()).extracting(TestVector::name).containsExactly("shared", "own");
        assertThat(child.definition().parentId()).contains("thermo-base");
        assertThat(set.find("thermo-base")).as("abstract profiles never decode").isEmpty();
        assertThat(set.definition("thermo-base").orElseThrow().isAbstract()).isTrue();
        assertThat(TestVectors.run(set)).allMatch(VectorResult::passed);
    }

    @Test
    void a_child_drops_an_inherited_entry_with_a_null_and_replaces_a_vector_by_name() throws Exception {
        files().write("base.yaml", BASE);
        files().write("child.yaml",
                "id: thermo-lite",
                "extends: thermo-base",
                "firmware: '*'",
                "metrics: {humidity: ~}",
                "commands: {reboot: ~}",
                "telemetry: {codec: json, fields: {temperature: {path: t}}}",
                "tests:",
                "  - {name: shared, payload: '{\"t\": 20}', expect: {temperature: 20}}");

        DeviceProfile child = ProfileSet.load(dir).find("thermo-lite").orElseThrow();

        assertThat(child.metrics()).containsOnlyKeys("temperature");
        assertThat(child.commands()).isEmpty();
        assertThat(child.definition().tests()).singleElement().extracting(TestVector::payload)
                .isEqualTo("{\"t\": 20}");
    }

    @Test
    void vectors_stay_with_the_codec_and_the_command_they_were_written_for() throws Exception {
        files().write("v1.yaml", ProfileFiles.THERMO + "tests:\n"
                + "  - {name: json, payload: '{\"env\": {\"t\": 1}}', expect: {temperature: 1}}\n"
                + "  - {command: set-interval, parameters: {seconds: 5}, payload: '{\"interval_s\": 5}'}\n");
        files().write("v2.yaml", "id: thermo-v2", "extends: thermo-v1", "firmware: '>=2 <3'",
                "telemetry: {codec: json, fields: {temperature: {path: t}, pressure: {path: p}}}",
                "tests:", "  - {name: flat, payload: '{\"t\": 1}', expect: {temperature: 1}}");
        files().write("v3.yaml", "id: thermo-v3", "extends: thermo-v1", "firmware: '>=3'",
                "commands:", "  set-interval:", "    parameters: {seconds: {type: int, range: [1, 60]}}",
                "    payload: {codec: json, fields: {seconds: {path: every}}}");

        ProfileSet set = ProfileSet.load(dir);

        assertThat(set.find("thermo-v2").orElseThrow().definition().tests()).extracting(TestVector::name)
                .containsExactly("command set-interval(seconds=5)", "flat");
        assertThat(set.find("thermo-v3").orElseThrow().definition().tests()).extracting(TestVector::name)
                .containsExactly("json");
        assertThat(TestVectors.run(set)).allMatch(VectorResult::passed);
    }

    @Test
    void a_problem_in_an_inherited_entry_is_reported_where_it_was_written() {
        Path base = files().write("base.yaml", BASE);
        files().write("child.yaml",
                "id: thermo-v2",
                "extends: thermo-base",
                "firmware: '>=2'",
                "telemetry: {codec: json, fields: {temperature: {path: t}}}",
                "tests: [{name: shared, payload: '{\"t\": 20}', expect: {temperature: 20}}]");

        ProfileSetException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileSetException.class,
                () -> ProfileSet.load(dir));
        assertThat(e.problems()).extracting(ConfigException::getMessage).singleElement().asString()
                .startsWith(base + ":7: metrics.humidity: expected a metric that a telemetry field produces");
    }

    @Test
    void extending_a_missing_profile_is_reported_at_extends() {
        Path child = files().write("child.yaml", ProfileFiles.THERMO + "extends: thermo-bsae\n");
        files().write("base.yaml", BASE);

        assertThatThrownBy(() -> ProfileSet.load(dir)).isInstanceOf(ProfileSetException.class)
                .hasMessageContaining(child + ":18: extends: expected the id of a profile in this set or the library,"
                        + " got 'thermo-bsae'");
    }

    @Test
    void an_extends_cycle_is_reported_with_its_members() {
        files().write("a.yaml", "id: a", "extends: b", "abstract: true");
        files().write("b.yaml", "id: b", "extends: c", "abstract: true");
        Path c = files().write("c.yaml", "id: c", "extends: a", "abstract: true");

        assertThatThrownBy(() -> ProfileSet.load(dir)).isInstanceOf(ProfileSetException.class)
                .hasMessage("1 problem in firmware profiles:\n" + c + ":2: extends: expected a profile that does not"
                        + " extend this one again, got a cycle: a -> b -> c -> a");
    }

    @Test
    void a_profile_may_extend_one_of_the_base_set_and_override_it_by_id() throws Exception {
        files().write("base.yaml", BASE.replace("abstract: true", "firmware: '<2'\ntelemetry: {codec: json,"
                + " fields: {temperature: {path: t}, humidity: {path: h}}}"));
        ProfileSet library = ProfileSet.load(dir);
        Path user = dir.resolve("user");
        java.nio.file.Files.createDirectories(user);
        new ProfileFiles(user).write("v2.yaml", "id: thermo-v2", "extends: thermo-base", "firmware: '>=2'");
        new ProfileFiles(user).write("v3.yaml", "id: thermo-v3", "extends: thermo-base", "firmware: '>=3'");

        assertThatThrownBy(() -> ProfileSet.load(user, library)).isInstanceOf(ProfileSetException.class)
                .hasMessageContaining("v3.yaml:3: firmware: expected a range no other profile of model thermo covers,"
                        + " got '>=3', which overlaps thermo-v2 [>=2]");

        java.nio.file.Files.delete(user.resolve("v3.yaml"));
        ProfileSet extended = ProfileSet.load(user, library);
        assertThat(extended.find("thermo-v2").orElseThrow().vendor()).isEqualTo("Acme");

        // The directory's own thermo-base replaces the library's, and is the parent its profiles extend.
        new ProfileFiles(user).write("base.yaml", BASE.replace("abstract: true", "firmware: '=1.0'\ntelemetry:"
                + " {codec: json, fields: {temperature: {path: t}, humidity: {path: h}}}").replace("Acme", "Override"));
        ProfileSet combined = ProfileSet.load(user, library);
        assertThat(combined.all()).extracting(DeviceProfile::id).containsExactlyInAnyOrder("thermo-base",
                "thermo-v2");
        assertThat(combined.find("thermo-base").orElseThrow().firmware()).hasToString("=1.0");
        assertThat(combined.find("thermo-base").orElseThrow().file()).isEqualTo(user.resolve("base.yaml"));
        assertThat(combined.find("thermo-v2").orElseThrow().vendor()).isEqualTo("Override");
    }
}
