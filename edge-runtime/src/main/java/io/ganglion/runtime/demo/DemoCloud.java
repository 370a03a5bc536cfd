package io.ganglion.runtime.demo;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.endpoint.CloudEndpoint;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's cloud endpoint: {@code ganglion cloud} on SQLite in the demo's data directory, on its own Vert.x, with
 * one token for the demo gateway. Its fleet queries are open (no admin token): it listens on loopback only.
 */
public final class DemoCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCloud.class);
    /** Not a secret: the demo's endpoint listens on loopback only. */
    public static final String TOKEN = "demo-gateway-token-not-a-secret";

    private final Vertx vertx;
    private final CloudEndpoint endpoint;
    private boolean closed;

    private DemoCloud(Vertx vertx, CloudEndpoint endpoint) {
        this.vertx = vertx;
        this.endpoint = endpoint;
    }

    /** Starts it on {@code port} (0: a free one); blocks up to 30 s. */
    public static DemoCloud start(Path dataDir, int port, String gatewayId) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CloudConfig config = new CloudConfig(new CloudConfig.Http("127.0.0.1", port), null, null,
                    new CloudConfig.Storage(null, new CloudConfig.Sqlite(dataDir.resolve("cloud.db"))),
                    Map.of(gatewayId, TOKEN), null);
            return new DemoCloud(vertx, CloudEndpoint.start(vertx, config).await(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    public String url() {
        return endpoint.url();
    }

    /** Idempotent: the demo closes it after the gateway, from whichever path stopped the demo. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            endpoint.close().await(15, TimeUnit.SECONDS);
            vertx.close().await(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the demo's cloud endpoint did not stop cleanly", e);
        }
    }
}
