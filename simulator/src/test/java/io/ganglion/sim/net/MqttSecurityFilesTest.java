package io.ganglion.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files and addresses of a secured MQTT target: each bad one is an error naming key, file and expectation. */
class MqttSecurityFilesTest {
    @TempDir
    Path dir;

    @Test
    void the_password_file_takes_device_colon_password_lines_and_names_file_and_line_of_a_bad_one()
            throws Exception {
        Path good = Files.writeString(dir.resolve("good"), "# comment\n\n  air-0001:a:b c  \nair-0002:x\n");
        DevicePasswords passwords = DevicePasswords.load(good);
        assertThat(passwords.of("air-0001")).isEqualTo("a:b c");
        assertThat(passwords.of("air-0002")).isEqualTo("x");
        assertThat(passwords.of("air-0003")).isNull();

        Path noColon = Files.writeString(dir.resolve("no-colon"), "air-0001:x\nair-0002 secret-word\n");
        assertThatThrownBy(() -> DevicePasswords.load(noColon))
                .hasMessage(noColon + ":2: expected deviceId:password, got a line without ':'")
                .message().doesNotContain("secret-word");
        Path twice = Files.writeString(dir.resolve("twice"), "air-0001:x\nair-0001:y\n");
        assertThatThrownBy(() -> DevicePasswords.load(twice))
                .hasMessage(twice + ":2: expected each device once, got air-0001 again");
        Path empty = Files.writeString(dir.resolve("empty"), "air-0001:\n");
        assertThatThrownBy(() -> DevicePasswords.load(empty))
                .hasMessage(empty + ":1: expected deviceId:password, got no password for air-0001");
        assertThatThrownBy(() -> DevicePasswords.load(dir.resolve("absent")))
                .hasMessage(dir.resolve("absent") + ": expected a readable file of deviceId:password lines, got no"
                        + " such file");
    }

    @Test
    void a_missing_or_wrong_trust_file_names_the_key_the_file_and_what_was_expected() throws Exception {
        assertThatThrownBy(() -> MqttTls.of("--mqtt-ca", dir.resolve("ca.pem"), null))
                .hasMessage("--mqtt-ca: expected a PEM file of certificates, got " + dir.resolve("ca.pem")
                        + ": no such file");
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        assertThatThrownBy(() -> MqttTls.of("--mqtt-ca", notPem, null))
                .hasMessageStartingWith("--mqtt-ca: expected a PEM file of certificates, got " + notPem + ": no");
    }

    @Test
    void client_certificate_options_say_what_they_expected() throws Exception {
        assertThatThrownBy(() -> ClientCertificates.perDevice("--mqtt-cert", dir.resolve("certs")))
                .hasMessage("--mqtt-cert: expected a PEM certificate file or a folder of <deviceId>.crt and"
                        + " <deviceId>.key files, got " + dir.resolve("certs") + ": no such file or folder");
        Path notAKey = Files.writeString(dir.resolve("device.key"), "-----BEGIN CERTIFICATE-----\n");
        Path notACert = Files.writeString(dir.resolve("device.crt"), "hello\n");
        assertThatThrownBy(() -> ClientCertificates.oneForAll("--mqtt-cert", notACert, "--mqtt-key", notAKey))
                .hasMessageStartingWith("--mqtt-cert: expected a PEM file of certificates, got " + notACert);
    }

    @Test
    void broker_urls_take_the_schemes_site_engineers_write_with_their_default_ports() {
        assertThat(MqttUrl.parse("--mqtt-url", "ssl://gw.site:18883")).isEqualTo(new MqttUrl("gw.site", 18883, true));
        assertThat(MqttUrl.parse("--mqtt-url", "mqtts://10.0.0.5")).isEqualTo(new MqttUrl("10.0.0.5", 8883, true));
        assertThat(MqttUrl.parse("--mqtt-url", "tcp://localhost")).isEqualTo(new MqttUrl("localhost", 1883, false));
        assertThat(MqttUrl.parse("--mqtt-url", "MQTT://[::1]:2883")).isEqualTo(new MqttUrl("::1", 2883, false));
        for (String bad : new String[] {"https://gw:8883", "gw.site:8883", "ssl://", "ssl://gw/path",
                "ssl://user@gw", "ssl://gw:0"}) {
            assertThatThrownBy(() -> MqttUrl.parse("--mqtt-url", bad)).as(bad)
                    .hasMessage("--mqtt-url: expected tcp://, mqtt://, ssl:// or mqtts:// then HOST[:PORT], got '"
                            + bad + "'");
        }
    }
}
