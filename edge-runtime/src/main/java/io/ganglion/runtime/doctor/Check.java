package io.ganglion.runtime.doctor;

import java.time.Duration;
import java.util.List;

/**
 * One thing {@code ganglion doctor} looks at. A check runs on a thread of its own (never an event loop) and may
 * block; the {@link Doctor} stops waiting after {@link #timeout()} and reports the check as not finished.
 */
public interface Check {
    /** The name printed before each finding, e.g. {@code ports}. */
    String name();

    /** How long the doctor waits for the findings; network checks keep their own timeouts below it. */
    default Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /** The findings: at least one, each ok, warn or FAIL. */
    List<CheckResult> run() throws Exception;
}
