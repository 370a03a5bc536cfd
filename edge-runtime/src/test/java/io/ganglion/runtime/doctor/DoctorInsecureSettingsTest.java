package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's insecure settings, each a warning with its fix. */
class DoctorInsecureSettingsTest {
    @TempDir
    Path dir;

    @Test
    void plain_http_and_coap_on_every_address_are_warnings_with_their_fixes() {
        DoctorContext context = new DoctorSite(dir).with("http",
                "\n  host: 0.0.0.0\n  port: 0\n  auth:\n    required: false").load();

        List<CheckResult> results = new InsecureSettingsCheck(context.config()).run();

        assertThat(results).extracting(CheckResult::status).containsOnly(Status.WARN);
        assertThat(results).extracting(r -> r.found().substring(0, r.found().indexOf(':')))
                .contains("http-tls");
        assertThat(results.get(0).fix()).contains("http.tls.certPath");
    }
}
