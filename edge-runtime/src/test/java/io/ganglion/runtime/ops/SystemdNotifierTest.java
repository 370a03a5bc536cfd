package io.ganglion.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SystemdNotifierTest {
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private final SystemdNotifier.Sender recorder = sent::add;

    @Test
    void nothingWithoutANotifySocket() {
        assertThat(SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), 42, recorder)).isEmpty();
        assertThat(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", " "), 42, recorder)).isEmpty();
    }

    @Test
    void pingsEveryHalfOfTheWatchdogPeriodMeantForThisProcess() {
        assertThat(SystemdNotifier.pingInterval(Map.of("WATCHDOG_USEC", "30000000"), 42))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.pingInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.pingInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42))
                .isNull();
        assertThat(SystemdNotifier.pingInterval(Map.of("WATCHDOG_USEC", "0"), 42)).isNull();
        assertThat(SystemdNotifier.pingInterval(Map.of("WATCHDOG_USEC", "soon"), 42)).isNull();
        assertThat(SystemdNotifier.pingInterval(Map.of(), 42)).isNull();
    }

    @Test
    void readyWithoutAWatchdogSendsReadyOnly() throws Exception {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 42, recorder).orElseThrow()) {
            assertThat(notifier.pingInterval()).isEmpty();
            notifier.ready("gateway ready", () -> true);
            await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
            Thread.sleep(100);
            assertThat(sent).containsExactly(List.of("READY=1", "STATUS=gateway ready"));
        }
        assertThat(sent).last().isEqualTo(List.of("STOPPING=1"));
    }

    @Test
    void pingsOnlyWhileHealthy() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@notify",
                "WATCHDOG_USEC", "40000", "WATCHDOG_PID", "42"), 42, recorder).orElseThrow()) {
            assertThat(notifier.pingInterval()).contains(Duration.ofMillis(20));
            notifier.ready("ready", healthy::get);
            await().atMost(Duration.ofSeconds(5)).until(() -> pings() >= 3);
            assertThat(sent.get(0)).startsWith("READY=1");

            healthy.set(false);
            long before = waitForQuiet();
            assertThat(pings()).isEqualTo(before); // no ping at all while DOWN

            healthy.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> pings() >= before + 3);
        }
    }

    @Test
    void aHealthCheckThatThrowsCountsAsUnhealthy() {
        SystemdNotifier notifier = new SystemdNotifier(recorder, Duration.ofSeconds(1));
        notifier.ping(() -> {
            throw new IllegalStateException("store closed");
        });
        assertThat(sent).isEmpty();
        notifier.ping(() -> true);
        assertThat(sent).containsExactly(List.of("WATCHDOG=1"));
        notifier.close();
    }

    @Test
    void aFailingSenderDoesNotStopThePings() {
        AtomicBoolean fail = new AtomicBoolean(true);
        SystemdNotifier notifier = new SystemdNotifier(assignments -> {
            if (fail.get()) {
                throw new IOException("no systemd-notify");
            }
            sent.add(assignments);
        }, Duration.ofSeconds(1));
        notifier.ping(() -> true);
        fail.set(false);
        notifier.ping(() -> true);
        assertThat(sent).containsExactly(List.of("WATCHDOG=1"));
        notifier.close();
    }

    private long pings() {
        return sent.stream().filter(message -> message.equals(List.of("WATCHDOG=1"))).count();
    }

    /** Waits until a ping in flight has landed, then 10 intervals more; returns the count before those. */
    private long waitForQuiet() {
        try {
            Thread.sleep(100);
            long count = pings();
            Thread.sleep(200);
            return count;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
