package io.ganglion.drivers.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker for tests: the {@code /usr/sbin/mosquitto} binary with a generated configuration in a
 * temporary directory, listening on 127.0.0.1 on a free port, with persistence in that directory.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder().maxInflightMessages(20).start()) {
 *     ... broker.url() ...
 *     broker.restart();      // SIGTERM, then start again on the same port with the saved state
 * }
 * }</pre>
 *
 * <p>Tests that need it call {@link #assumeAvailable()} first: without the binary they are skipped with a message, unless
 * the environment variable {@code CI=true} is set, where a missing broker fails the build instead of hiding tests.
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Builder settings;
    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoBroker(Builder settings) throws IOException {
        this.settings = settings;
        this.dir = Files.createTempDirectory("ganglion-mosquitto-");
        this.port = settings.port > 0 ? settings.port : freePort();
    }

    /** Skips the calling test when Mosquitto is not installed; fails it instead when {@code CI=true}. */
    public static void assumeAvailable() {
        boolean present = Files.isExecutable(BINARY);
        String message = "Mosquitto is not installed at " + BINARY + " (apt-get install mosquitto)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.assertTrue(present, message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(present, message + "; skipping");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker with the defaults. */
    public static MosquittoBroker start() {
        return builder().start();
    }

    /** A port nothing listens on right now (there is a small race until someone binds it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void launch() {
        try {
            Path persistence = Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("mosquitto.conf");
            String user = System.getProperty("user.name");
            Files.writeString(config, String.join("\n",
                    // As root Mosquitto would switch to user 'mosquitto', which cannot write our temporary directory.
                    "user " + user,
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous " + settings.allowAnonymous,
                    settings.passwordFile == null ? "" : "password_file " + settings.passwordFile,
                    "persistence true",
                    "persistence_location " + persistence + "/",
                    "max_inflight_messages " + settings.maxInflightMessages,
                    "max_queued_messages 1000000",
                    "set_tcp_nodelay true",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""), StandardCharsets.UTF_8);
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Mosquitto did not listen on port " + port + " within " + START_TIMEOUT
                + ": " + log());
    }

    /** The broker's own log so far, for failure messages. */
    public String log() {
        try {
            Path file = dir.resolve("mosquitto.log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM and wait: Mosquitto saves its persistent state on the way out. */
    public void stop() {
        if (isRunning()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGKILL: a crash. State not yet saved is lost. */
    public void kill() {
        if (isRunning()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops (saving state) and starts again on the same port: sessions and subscriptions survive. */
    public void restart() {
        stop();
        launch();
    }

    /** Stops and starts again on the same port with no saved state: every session and subscription is gone. */
    public void restartWithoutState() {
        stop();
        deleteRecursively(dir.resolve("data"));
        launch();
    }

    @Override
    public void close() {
        kill();
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Broker options; {@link #start()} launches it. */
    public static final class Builder {
        private int port;
        private int maxInflightMessages = 1000;
        private boolean allowAnonymous = true;
        private Path passwordFile;

        private Builder() {
        }

        /** A fixed port, e.g. one a client already tries to reach; default: a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Mosquitto's per-client window of unacknowledged QoS1/2 messages (default 1000). */
        public Builder maxInflightMessages(int maxInflightMessages) {
            this.maxInflightMessages = maxInflightMessages;
            return this;
        }

        /** With false and no password file, every connection is refused as not authorised. */
        public Builder allowAnonymous(boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
            return this;
        }

        /**
         * Logins checked against a Mosquitto password file (made with {@code mosquitto_passwd}); anonymous clients
         * are then refused.
         */
        public Builder passwordFile(Path passwordFile) {
            this.passwordFile = passwordFile;
            this.allowAnonymous = false;
            return this;
        }

        public MosquittoBroker start() {
            assumeAvailable();
            try {
                MosquittoBroker broker = new MosquittoBroker(this);
                broker.launch();
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The broker's process, e.g. for its CPU time in a measurement. */
    public ProcessHandle process() {
        return process.toHandle();
    }
}
