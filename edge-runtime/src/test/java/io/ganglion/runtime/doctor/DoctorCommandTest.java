package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.cli.GanglionCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ganglion doctor} as run from the command line: its output and exit codes. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out) {
    }

    private static Run doctor(Path config) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = GanglionCommand.run("doctor", "--config", config.toString());
            return new Run(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void an_all_good_configuration_passes_every_check_with_exit_code_0() {
        Path config = new DoctorSite(dir).write();

        Run run = doctor(config);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(GanglionCommand.EXIT_OK);
        assertThat(run.out().lines().toList()).as(run.out()).allMatch(line -> line.startsWith("ok    "));
        assertThat(run.out()).contains("ok    configuration: " + config + " loads", "ok    profiles: ",
                "ok    ports: HTTP on 127.0.0.1:", "ok    ports: MQTT endpoint on 127.0.0.1:",
                "ok    ports: CoAP on 127.0.0.1:", "ok    disk: ", "ok    store integrity: no store at ",
                "ok    broker: no mqtt.broker", "ok    cloud: sync is off", "ok    gpio: no declared device",
                "ok    models: no camera and no model", "ok    insecure settings: none");
        assertThat(Files.exists(new DoctorSite(dir).store())).as("the doctor never creates the store").isFalse();
    }

    @Test
    void bad_yaml_is_a_FAIL_naming_file_and_line_with_exit_code_2_and_nothing_else_checked() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, "http:\n  port: 8080\n   host: [unclosed\n");

        Run run = doctor(config);

        assertThat(run.exitCode()).as(run.out()).isEqualTo(GanglionCommand.EXIT_INVALID);
        assertThat(run.out()).startsWith("FAIL  configuration: ").containsPattern(java.util.regex.Pattern.quote(config.toString()) + ":3: ")
                .contains("      fix: correct " + config).doesNotContain("ports:");
    }

    @Test
    void a_missing_file_is_exit_code_2() {
        Run run = doctor(dir.resolve("nowhere.yaml"));

        assertThat(run.exitCode()).as(run.out()).isEqualTo(GanglionCommand.EXIT_INVALID);
        assertThat(run.out()).startsWith("FAIL  configuration: ").contains("nowhere.yaml");
    }

    @Test
    void something_to_fix_is_exit_code_1_with_the_fix_under_the_finding() throws Exception {
        DoctorSite site = new DoctorSite(dir);
        try (ServerSocket taken = new ServerSocket(site.mqttPort, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run run = doctor(site.write());

            assertThat(run.exitCode()).as(run.out()).isEqualTo(GanglionCommand.EXIT_RUNTIME_FAILURE);
            assertThat(run.out()).containsPattern("FAIL  ports: MQTT endpoint on 127\\.0\\.0\\.1:" + site.mqttPort
                    + " \\(TCP\\) is in use by another program.*\n      fix: stop the program that holds it");
        }
    }
}
