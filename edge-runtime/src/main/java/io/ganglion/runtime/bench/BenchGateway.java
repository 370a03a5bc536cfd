package io.ganglion.runtime.bench;

import io.ganglion.drivers.mqtt.BrokerSettings;
import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.profiles.Reading;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * An in-process gateway subscribed to the benchmark broker, with its store in a scratch directory and a commit
 * listener that records when readings become durable.
 */
final class BenchGateway implements AutoCloseable {
    private final AtomicLong committed = new AtomicLong();
    private final Consumer<List<Reading>> onCommit;
    private volatile long firstCommitNanos;
    private volatile long lastCommitNanos;
    private Gateway gateway;

    private BenchGateway(Consumer<List<Reading>> onCommit) {
        this.onCommit = onCommit;
    }

    static GatewayConfig config(BenchOptions options, String brokerUrl, String clientId, int qos, int devices,
                                Path storeDir) {
        return config(options, "bench", brokerUrl, clientId, qos, devices, storeDir);
    }

    /** With a gateway id of its own: the cloud endpoint tells gateways' sync records apart by it. */
    static GatewayConfig config(BenchOptions options, String gatewayId, String brokerUrl, String clientId, int qos,
                                int devices, Path storeDir) {
        List<DeviceConfig> declared = IntStream.range(0, devices)
                .mapToObj(i -> new DeviceConfig(BenchPublisher.deviceId(i), JsonTelemetryProfile.ID)).toList();
        return new GatewayConfig(gatewayId,
                new HttpConfig("127.0.0.1", 0),
                new MqttConfig(new BrokerSettings(brokerUrl, clientId, null, null, qos, null, null, null, null),
                        EndpointSettings.defaults()),
                CoapConfig.disabled(),
                new StoreConfig(storeFile(storeDir), null, null, null, options.batchMaxDelay(),
                        options.synchronous(), null),
                null, null, declared, null, null);
    }

    /** The store's file in {@code storeDir}; an outbox on defaults lies beside it. */
    static Path storeFile(Path storeDir) {
        return storeDir.resolve("bench.db");
    }

    static BenchGateway start(GatewayConfig config, Consumer<List<Reading>> onCommit) throws Exception {
        BenchGateway bench = new BenchGateway(onCommit);
        // The listener is attached before intake starts, so the first commit is seen.
        bench.gateway = Gateway.start(config, "benchmark", store -> store.addCommitListener(bench::committed));
        return bench;
    }

    /** Runs on the store's writer thread after each commit: keep it cheap. */
    private void committed(List<Reading> readings) {
        long now = System.nanoTime();
        if (committed.getAndAdd(readings.size()) == 0) {
            firstCommitNanos = now;
        }
        lastCommitNanos = now;
        onCommit.accept(readings);
    }

    /** Waits until {@code readings} readings are committed; false on timeout. */
    boolean awaitCommitted(long readings, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (committed.get() < readings) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    long committed() {
        return committed.get();
    }

    /** {@link System#nanoTime()} of the latest commit. */
    long lastCommitNanos() {
        return lastCommitNanos;
    }

    double firstToLastCommitSeconds() {
        return (lastCommitNanos - firstCommitNanos) / 1e9;
    }

    /** Where the time went: commits, their mean duration and size, from the gateway's own meters. */
    String storeSummary() {
        io.micrometer.core.instrument.Timer commit = gateway.metrics().registry().get("ganglion.store.commit").timer();
        double readingsStored = gateway.metrics().registry().get("ganglion.readings.stored").counter().count();
        long commits = commit.count();
        io.micrometer.core.instrument.Timer wait =
                gateway.metrics().registry().get("ganglion.store.checkpoint.wait").timer();
        return String.format(java.util.Locale.ROOT, "%d commits, mean %.2f ms, max %.2f ms, mean %.0f readings each; "
                        + "longest wait for the checkpointer %.2f ms", commits, commit.mean(TimeUnit.MILLISECONDS),
                commit.max(TimeUnit.MILLISECONDS), commits == 0 ? 0 : readingsStored / commits,
                wait.max(TimeUnit.MILLISECONDS));
    }

    Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
