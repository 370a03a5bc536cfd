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
        // Checks and sends happen on the notifier's one thread, in order: every ping must follow a check that said yes.
        AtomicBoolean healthy = new AtomicBoolean(true);
        List<String> events = new CopyOnWriteArrayList<>();
        SystemdNotifier.Sender sender = assignments -> events.add(String.join(",", assignments));
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@notify",
                "WATCHDOG_USEC", "40000", "WATCHDOG_PID", "42"), 42, sender).orElseThrow()) {
            assertThat(notifier.pingInterval()).contains(Duration.ofMillis(20));
            notifier.ready("ready", () -> {
                boolean good = healthy.get();
                events.add("check:" + good);
                return good;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> count(events, "WATCHDOG=1") >= 3);
            healthy.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> count(events, "check:false") >= 5);
            healthy.set(true);
            long before = count(events, "WATCHDOG=1");
            await().atMost(Duration.ofSeconds(5)).until(() -> count(events, "WATCHDOG=1") >= before + 3);
        }
        assertThat(events.get(0)).isEqualTo("READY=1,STATUS=ready");
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).equals("WATCHDOG=1")) {
                assertThat(events.get(i - 1)).as("what came before ping " + i + " in " + events).isEqualTo("check:true");
            }
        }
        assertThat(events).last().isEqualTo("STOPPING=1");
    }

    private static long count(List<String> events, String event) {
        return events.stream().filter(event::equals).count();
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
}
