package io.ganglion.drivers.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file and its hashes: what loads, what is refused with its line, and what verifies. */
class DeviceCredentialsTest {
    @TempDir
    Path dir;

    private static String hash(String password) {
        return PasswordHash.hash(password.toCharArray(), PasswordHash.MIN_ITERATIONS);
    }

    @Test
    void a_hash_verifies_its_password_only_and_never_contains_it() {
        String encoded = hash("s3cret-of-air-1");

        assertThat(encoded).startsWith("pbkdf2-sha256$1000$").doesNotContain("s3cret");
        PasswordHash parsed = PasswordHash.parse(encoded);
        assertThat(parsed.matches("s3cret-of-air-1".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(parsed.matches("s3cret-of-air-2".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(hash("s3cret-of-air-1")).as("salted: the same password hashes differently").isNotEqualTo(encoded);
    }

    @Test
    void a_line_that_is_not_device_and_hash_is_named_with_its_line() throws Exception {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "# comment\nair-1:" + hash("a") + "\nair-2 " + hash("b") + "\n");

        assertThatThrownBy(() -> DeviceCredentials.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":3: expected deviceId:hash");
    }

    @Test
    void a_plain_text_password_in_the_file_is_refused_without_echoing_it() throws Exception {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "air-1:hunter2\n");

        assertThatThrownBy(() -> DeviceCredentials.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":1: expected pbkdf2-sha256$").hasMessageNotContaining("hunter2");
    }

    @Test
    void a_device_twice_or_a_wildcard_device_id_is_refused() throws Exception {
        Path twice = dir.resolve("twice");
        Files.writeString(twice, "air-1:" + hash("a") + "\nair-1:" + hash("b") + "\n");
        Path wildcard = dir.resolve("wildcard");
        Files.writeString(wildcard, "air-#:" + hash("a") + "\n");

        assertThatThrownBy(() -> DeviceCredentials.load(twice)).hasMessage(twice + ":2: device 'air-1' twice");
        assertThatThrownBy(() -> DeviceCredentials.load(wildcard))
                .hasMessage(wildcard + ":1: device id must not contain the MQTT wildcards + or #");
    }

    @Test
    void too_few_iterations_are_refused() {
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$10$c2FsdHNhbHQ$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).hasMessage("expected 1000 to 10000000 iterations, got 10");
    }

    @Test
    void verify_knows_each_devices_own_password_and_remembers_a_verified_one() throws Exception {
        Path file = dir.resolve("passwords");
        Files.writeString(file, "air-1:" + hash("one") + "\nair-2:" + hash("two") + "\n");
        DeviceCredentials credentials = DeviceCredentials.load(file);

        assertThat(credentials.size()).isEqualTo(2);
        assertThat(credentials.verify("air-1", "one".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(credentials.verify("air-1", "one".getBytes(StandardCharsets.UTF_8))).as("remembered").isTrue();
        assertThat(credentials.verify("air-1", "two".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(credentials.verify("air-3", "one".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(credentials.verify("air-1", null)).isFalse();
    }

    @Test
    void a_device_may_subscribe_only_to_filters_that_cannot_match_another_device() {
        assertThat(DeviceAccess.maySubscribe("air-1", "devices/air-1/commands/#")).isTrue();
        assertThat(DeviceAccess.maySubscribe("air-1", "devices/air-1/commands/+")).isTrue();
        assertThat(DeviceAccess.maySubscribe("air-1", "site/air-1/#")).isTrue();
        assertThat(DeviceAccess.maySubscribe("air-1", "#")).isFalse();
        assertThat(DeviceAccess.maySubscribe("air-1", "devices/+/commands/#")).isFalse();
        assertThat(DeviceAccess.maySubscribe("air-1", "devices/air-10/commands/#")).isFalse();
        assertThat(DeviceAccess.maySubscribe("air-1", "devices/air-2/commands/#")).isFalse();
        assertThat(DeviceAccess.maySubscribe(null, "#")).as("open access").isTrue();
    }
}
