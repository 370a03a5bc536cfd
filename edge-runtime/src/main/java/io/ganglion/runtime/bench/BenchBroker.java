package io.ganglion.runtime.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A private Mosquitto for one benchmark run, on a free loopback port, so that a benchmark never touches a broker that
 * something else uses. Configured the same for the raw subscriber and for the gateway: large in-flight window (the
 * default of 20 would measure the window, not the subscriber), unlimited queue, QoS0 queued for offline sessions.
 */
final class BenchBroker implements AutoCloseable {
    private final Process process;
    private final int port;

    private BenchBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static BenchBroker start(String mosquittoBinary, Path workDir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = workDir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_inflight_messages 1000",
                "max_queued_messages 0",
                "max_queued_bytes 0",
                "queue_qos0_messages true",
                "log_dest none",
                ""));
        Process process = new ProcessBuilder(mosquittoBinary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("mosquitto.log").toFile()).start();
        BenchBroker broker = new BenchBroker(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited with " + process.exitValue() + "; see "
                            + workDir.resolve("mosquitto.log"));
                }
                Thread.sleep(20);
            }
        }
        broker.close();
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * A persistent session for the gateway's client id, subscribed to the device topics at {@code qos}: it must exist
     * before a backlog is published, so that the broker queues the backlog for the gateway.
     */
    void createGatewaySession(String clientId, int qos) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url(), clientId, new MemoryPersistence());
        MqttConnectOptions connect = new MqttConnectOptions();
        connect.setCleanSession(false);
        client.connect(connect).waitForCompletion(10_000);
        client.subscribe(new String[] {"devices/+/telemetry", "devices/+/status"}, new int[] {qos, qos})
                .waitForCompletion(10_000);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    /** Publishes {@code load}'s backlog from its devices, and waits until the broker has queued it. */
    void publishBacklog(ThroughputLoad load) throws Exception {
        try (BenchPublisher publisher = new BenchPublisher(url(), load.devices(), load.qos(), System.nanoTime())) {
            publisher.publishAll(load.messages());
        }
        // QoS0 publishes complete when written to the socket: give the broker a moment to queue the last ones.
        Thread.sleep(load.qos() == 0 ? 500 : 50);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
