package io.ganglion.runtime.cli;

import io.ganglion.profiles.model.ProfileSetException;
import io.ganglion.profiles.yaml.ConfigException;
import io.ganglion.runtime.Gateway;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a gateway, then waits until the JVM is asked to stop (SIGTERM, Ctrl-C) or a run time passes, and closes the
 * gateway in its orderly way: stop intake, flush, close. The shutdown hook does the closing so that SIGTERM is as
 * clean as a normal exit. It is registered before the gateway starts: a SIGTERM that arrives while the gateway is
 * starting (its intake may already be acknowledging messages) waits for the start to finish, then closes it.
 */
final class RunUntilStopped {
    private static final Logger LOG = LoggerFactory.getLogger(RunUntilStopped.class);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    interface Starter {
        Gateway start() throws Exception;
    }

    private RunUntilStopped() {
    }

    static int run(Starter starter, Consumer<Gateway> onReady) {
        return run(starter, onReady, null);
    }

    /** @param runFor stop by itself after this long; null runs until the process is signalled */
    static int run(Starter starter, Consumer<Gateway> onReady, Duration runFor) {
        return run(starter, onReady, runFor, () -> { });
    }

    /**
     * @param afterClose runs once the gateway has closed, however it was stopped (the demo's cloud endpoint stops
     *                   there, after the gateway's last sync)
     */
    static int run(Starter starter, Consumer<Gateway> onReady, Duration runFor, Runnable afterClose) {
        return run(starter, onReady, runFor, () -> { }, afterClose);
    }

    /**
     * @param beforeClose runs before the gateway closes, however it was stopped, once it has started (the demo stops
     *                    its simulator there, so that the gateway takes what the devices still send)
     * @param afterClose  runs once the gateway has closed
     */
    static int run(Starter starter, Consumer<Gateway> onReady, Duration runFor, Runnable beforeClose,
                   Runnable afterClose) {
        AtomicReference<Gateway> started = new AtomicReference<>();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                startFinished.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Gateway gateway = started.get();
            if (gateway != null) {
                beforeClose.run();
                gateway.close();
                afterClose.run();
            }
            stopped.countDown();
        }, "ganglion-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            started.set(starter.start());
        } catch (ConfigException e) {
            removeHook(hook);
            System.err.println("invalid configuration: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        } catch (ProfileSetException e) {
            removeHook(hook);
            System.err.println("invalid firmware profiles: " + e.getMessage());
            return GanglionCommand.EXIT_INVALID;
        } catch (Exception e) {
            removeHook(hook);
            LOG.error("the gateway could not start: {}", e.getMessage(), e);
            return GanglionCommand.EXIT_RUNTIME_FAILURE;
        } finally {
            startFinished.countDown();
        }
        Gateway gateway = started.get();
        onReady.accept(gateway);
        try {
            if (runFor == null) {
                stopped.await();
            } else if (!stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS) && removeHook(hook)) {
                beforeClose.run();
                gateway.close();
                afterClose.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            beforeClose.run();
            gateway.close();
            afterClose.run();
        }
        return GanglionCommand.EXIT_OK;
    }

    /** False when the JVM is already shutting down, in which case the hook does the closing. */
    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
