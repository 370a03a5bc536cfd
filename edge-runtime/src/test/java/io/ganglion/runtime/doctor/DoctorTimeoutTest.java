package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor waits for no check longer than its timeout, and keeps the findings in the order of the checks. */
class DoctorTimeoutTest {
    private static Check check(String name, Duration timeout, Duration takes) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public List<CheckResult> run() throws Exception {
                Thread.sleep(takes.toMillis());
                return List.of(CheckResult.ok(name, "done"));
            }
        };
    }

    @Test
    void a_check_that_overruns_is_a_FAIL_and_the_others_still_report() {
        long start = System.nanoTime();

        List<CheckResult> results = new Doctor(List.of(
                check("slow", Duration.ofMillis(300), Duration.ofMinutes(10)),
                check("quick", Duration.ofSeconds(30), Duration.ZERO))).run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(results).extracting(CheckResult::check).containsExactly("slow", "quick");
        assertThat(results.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(results.get(0).found()).startsWith("no result within ");
        assertThat(results.get(1)).isEqualTo(CheckResult.ok("quick", "done"));
        assertThat(Doctor.verdict(results)).isEqualTo(Doctor.Verdict.NEEDS_FIXING);
    }

    @Test
    void warnings_alone_pass() {
        assertThat(Doctor.verdict(List.of(CheckResult.ok("a", "x"), CheckResult.warn("b", "y", "z"))))
                .isEqualTo(Doctor.Verdict.PASS);
    }
}
