package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration check: the gateway's loader and profile checks, with their messages. */
class DoctorConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void a_wrong_value_is_a_FAIL_naming_file_line_and_key_and_stops_the_other_checks() {
        Path config = new DoctorSite(dir).with("store", "\n  path: " + dir.resolve("x.db") + "\n  quotaBytes: lots")
                .write();

        ConfigurationCheck.Outcome outcome = ConfigurationCheck.load(config);

        assertThat(outcome.context()).isNull();
        assertThat(outcome.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.FAIL);
            assertThat(r.found()).startsWith(config + ":").contains("quotaBytes").contains("lots");
        });
    }

    @Test
    void a_device_whose_profile_does_not_exist_is_a_profiles_FAIL_and_the_other_checks_still_run() {
        DoctorContext context = new DoctorSite(dir).with("devices", "\n  - id: pump-1\n    profile: no-such-profile")
                .load();

        ConfigurationCheck.Outcome outcome = ConfigurationCheck.load(context.configFile());

        assertThat(outcome.context()).isNotNull();
        assertThat(outcome.context().profiles()).isNull();
        assertThat(DoctorSite.named(outcome.results(), ConfigurationCheck.PROFILES)).singleElement()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(Status.FAIL);
                    assertThat(r.found()).contains("no-such-profile");
                });
    }

    @Test
    void an_invalid_profile_file_in_the_profiles_directory_is_a_profiles_FAIL_naming_it() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("broken.yaml"), "id: broken\nvendor: [\n");

        DoctorContext context = new DoctorSite(dir).with("profiles", "\n  directory: " + profiles).load();

        assertThat(context.profiles()).isNull();
        assertThat(DoctorSite.named(ConfigurationCheck.load(context.configFile()).results(),
                ConfigurationCheck.PROFILES)).singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo(Status.FAIL);
                    assertThat(r.found()).contains("broken.yaml");
                });
    }

    @Test
    void a_certificate_file_that_is_not_there_is_a_FAIL_naming_its_key_as_the_gateways_start_would() {
        Path missing = dir.resolve("tls/gateway.crt.pem");
        Path config = new DoctorSite(dir).with("http", "\n  host: 127.0.0.1\n  port: 0\n  tls:\n    certPath: " + missing
                + "\n    keyPath: " + dir.resolve("tls/gateway.key.pem")).write();

        ConfigurationCheck.Outcome outcome = ConfigurationCheck.load(config);

        assertThat(outcome.context()).isNotNull();
        assertThat(DoctorSite.named(outcome.results(), ConfigurationCheck.CONFIGURATION)).hasSize(2).last()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(Status.FAIL);
                    assertThat(r.found()).startsWith(config + ": http.tls.certPath: ").contains("no such file");
                });
    }
}
