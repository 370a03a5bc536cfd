package io.ganglion.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.mqtt.DeviceCredentials;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion mqtt-password}, and the gateway refusing a password file it cannot use. */
class MqttPasswordCommandTest {
    @TempDir
    Path dir;

    private static CommandRun withInput(String input, String... args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            return CommandRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void adds_and_replaces_a_devices_hashed_password_and_keeps_the_others() throws Exception {
        Path file = dir.resolve("mqtt-passwords");

        assertThat(withInput("first secret\n", "mqtt-password", "--file", file.toString(), "air-1").exitCode())
                .isZero();
        assertThat(withInput("other secret\n", "mqtt-password", "--file", file.toString(), "air-2").exitCode())
                .isZero();
        CommandRun replaced = withInput("new secret\n", "mqtt-password", "--file", file.toString(), "air-1");

        assertThat(replaced.out()).contains("replaced the password of air-1");
        String text = Files.readString(file);
        assertThat(text).doesNotContain("secret").contains("air-1:pbkdf2-sha256$").contains("air-2:pbkdf2-sha256$");
        assertThat(text.lines().count()).isEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        DeviceCredentials credentials = DeviceCredentials.load(file);
        assertThat(credentials.verify("air-1", "new secret".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(credentials.verify("air-1", "first secret".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(credentials.verify("air-2", "other secret".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void generate_prints_a_random_password_once_and_stores_its_hash() throws Exception {
        Path file = dir.resolve("mqtt-passwords");

        CommandRun run = CommandRun.of("mqtt-password", "--file", file.toString(), "--generate", "cam-1");

        assertThat(run.exitCode()).isZero();
        Matcher printed = Pattern.compile("password: (\\S{22})").matcher(run.out());
        assertThat(printed.find()).as(run.out()).isTrue();
        assertThat(Files.readString(file)).doesNotContain(printed.group(1));
        assertThat(DeviceCredentials.load(file).verify("cam-1", printed.group(1).getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void a_wildcard_device_id_or_no_password_exits_with_2() {
        Path file = dir.resolve("mqtt-passwords");

        assertThat(withInput("x\n", "mqtt-password", "--file", file.toString(), "air-#").exitCode()).isEqualTo(2);
        CommandRun empty = withInput("", "mqtt-password", "--file", file.toString(), "air-1");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("expected the password on standard input");
        assertThat(file).doesNotExist();
    }

    @Test
    void a_gateway_whose_password_file_is_missing_or_holds_plain_text_exits_with_2_naming_the_key()
            throws Exception {
        Path plain = dir.resolve("plain-passwords");
        Files.writeString(plain, "air-1:hunter2\n");
        for (Path passwords : new Path[] {dir.resolve("absent"), plain}) {
            Path config = dir.resolve("gateway.yaml");
            Files.writeString(config, "store: {path: '" + dir.resolve("gw.db") + "'}\n"
                    + "http: {port: 0}\ncoap: {port: 0}\n"
                    + "mqtt: {endpoint: {host: 127.0.0.1, port: 0, passwordFile: '" + passwords + "'}}\n");

            CommandRun run = CommandRun.of("gateway", "--config", config.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).contains(config + ": mqtt.endpoint.passwordFile: ").doesNotContain("hunter2");
        }
    }
}
