package io.ganglion.runtime.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd that the gateway is ready and, while its health is good, that it is alive: the watchdog of
 * {@code ganglion.service} ({@code Type=notify}, {@code WatchdogSec=}, {@code NotifyAccess=all}).
 *
 * <p>Java cannot send to the datagram socket named by {@code NOTIFY_SOCKET}, so each notification runs
 * {@code systemd-notify}, which on systemd 246 and later waits until the manager has read the message (so that a
 * message from the short-lived child process is not lost). Nothing happens without {@code NOTIFY_SOCKET}: the
 * gateway run by hand, in a container or under another supervisor never calls it.
 *
 * <p>The pings come from a thread of their own, never an event loop, every half of {@code WATCHDOG_USEC} (the
 * convention of {@code sd_watchdog_enabled}). Before each ping the health check runs on that thread; when it says
 * no, or throws, or hangs, no ping is sent, and systemd kills the process once {@code WatchdogSec} passes without
 * one ({@code Restart=on-failure} then starts it again).
 */
public final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(5);

    /** Sends one notification: {@code KEY=value} assignments. */
    @FunctionalInterface
    public interface Sender {
        void send(List<String> assignments) throws IOException, InterruptedException;
    }

    private final Sender sender;
    private final Duration pingInterval;
    private final ScheduledExecutorService timer;
    private volatile boolean unhealthyLogged;
    private volatile boolean sendFailedLogged;

    SystemdNotifier(Sender sender, Duration pingInterval) {
        this.sender = sender;
        this.pingInterval = pingInterval;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ganglion-systemd-notify");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A notifier when systemd started this process with a notify socket; empty otherwise. */
    public static Optional<SystemdNotifier> fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid(), SystemdNotifier::runSystemdNotify);
    }

    static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env, long pid, Sender sender) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotifier(sender, pingInterval(env, pid)));
    }

    /**
     * Half the watchdog period systemd passed in {@code WATCHDOG_USEC}; null when there is no watchdog, or it is meant
     * for another process ({@code WATCHDOG_PID}).
     */
    static Duration pingInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) {
            return null;
        }
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && !watchdogPid.equals(Long.toString(pid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? null : Duration.ofNanos(micros * 1000 / 2);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The interval between pings, or empty when systemd asked for no watchdog. */
    public Optional<Duration> pingInterval() {
        return Optional.ofNullable(pingInterval);
    }

    /**
     * READY=1 (the gateway listens on all its ports), then a ping every interval while {@code healthy} says yes.
     *
     * @param status shown by {@code systemctl status}
     */
    public void ready(String status, BooleanSupplier healthy) {
        timer.execute(() -> send(List.of("READY=1", "STATUS=" + status)));
        if (pingInterval != null) {
            long millis = Math.max(1, pingInterval.toMillis());
            timer.scheduleWithFixedDelay(() -> ping(healthy), millis, millis, TimeUnit.MILLISECONDS);
            LOG.info("systemd watchdog: a ping every {} ms while the gateway is healthy", millis);
        }
    }

    void ping(BooleanSupplier healthy) {
        boolean good;
        try {
            good = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            good = false;
        }
        if (!good) {
            if (!unhealthyLogged) {
                unhealthyLogged = true;
                LOG.error("health is DOWN: no watchdog ping to systemd, which restarts the gateway unless it recovers");
            }
            return;
        }
        if (unhealthyLogged) {
            unhealthyLogged = false;
            LOG.info("health recovered: watchdog pings to systemd resume");
        }
        send(List.of("WATCHDOG=1"));
    }

    /** STOPPING=1, and no more pings. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // A ping in flight finishes first (systemd-notify is bounded by NOTIFY_TIMEOUT): STOPPING=1 comes last.
            timer.awaitTermination(NOTIFY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            sender.send(List.of("STOPPING=1"));
        } catch (IOException e) {
            LOG.debug("systemd-notify STOPPING=1 failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(List<String> assignments) {
        try {
            sender.send(assignments);
            sendFailedLogged = false;
        } catch (IOException e) {
            if (!sendFailedLogged) {
                sendFailedLogged = true;
                LOG.warn("systemd-notify {} failed: {}", assignments, e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runSystemdNotify(List<String> assignments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("systemd-notify");
        command.addAll(assignments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(NOTIFY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("systemd-notify did not finish within " + NOTIFY_TIMEOUT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("systemd-notify exited with " + process.exitValue());
        }
    }
}
