package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.testing.MosquittoBroker;
import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker check against a closed port and a real Mosquitto that checks logins against its password file. */
class DoctorBrokerTest {
    @TempDir
    Path dir;

    private DoctorContext site(String url, String username, String password) {
        return new DoctorSite(dir).with("mqtt", "\n  broker:\n    url: " + url + "\n    clientId: doctor-gw"
                + (username == null ? "" : "\n    username: " + username + "\n    password: " + password)).load();
    }

    /** A Mosquitto password file with one user, made by Mosquitto's own tool. */
    private Path passwordFile(String user, String password) throws Exception {
        Path file = dir.resolve("mosquitto.passwd");
        Process tool = new ProcessBuilder("mosquitto_passwd", "-c", "-b", file.toString(), user, password)
                .redirectErrorStream(true).start();
        String output = new String(tool.getInputStream().readAllBytes());
        assertThat(tool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tool.exitValue()).as(output).isZero();
        return file;
    }

    @Test
    void an_unreachable_broker_is_a_FAIL_saying_connection_refused() {
        String url = "tcp://127.0.0.1:" + MosquittoBroker.freePort();

        CheckResult result = new BrokerCheck(site(url, null, null).config()).run().get(0);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).isEqualTo("cannot reach " + url + ": connection refused");
        assertThat(result.fix()).contains("mqtt.broker.url");
    }

    @Test
    void a_broker_refusing_the_login_is_a_FAIL_naming_the_reason_and_the_right_password_passes() throws Exception {
        MosquittoBroker.assumeAvailable();
        try (MosquittoBroker broker = MosquittoBroker.builder()
                .passwordFile(passwordFile("gateway", "the-right-password")).start()) {
            CheckResult refused = new BrokerCheck(site(broker.url(), "gateway", "a-wrong-password").config())
                    .run().get(0);

            assertThat(refused.status()).isEqualTo(Status.FAIL);
            assertThat(refused.found()).startsWith(broker.url() + " refused the login as user 'gateway': ")
                    .containsAnyOf("not authorised", "bad user name or password");
            assertThat(refused.fix()).contains("mqtt.broker.password");

            CheckResult accepted = new BrokerCheck(site(broker.url(), "gateway", "the-right-password").config())
                    .run().get(0);

            assertThat(accepted).isEqualTo(CheckResult.ok("broker", broker.url()
                    + " accepts an MQTT login as user 'gateway'"));
        }
    }
}
