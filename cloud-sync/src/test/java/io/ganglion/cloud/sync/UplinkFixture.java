package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Payload;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ganglion.cloud.sync.OutboxTest.join;
import static io.ganglion.cloud.sync.Records.summary;

/**
 * What the uplink tests share: a Vert.x instance, a {@link FakeEndpoint} on a free port of 127.0.0.1 (plain HTTP, or
 * HTTPS with a self-signed certificate for {@code localhost}), an outbox file in the test's temporary directory, and
 * the clients made for the test. {@link #close()} stops the clients first, so that their last answers are recorded
 * before the outbox closes, then the outbox, the endpoint and Vert.x.
 */
final class UplinkFixture implements AutoCloseable {
    private final Path dir;
    private final Vertx vertx;
    private final FakeEndpoint endpoint;
    /** Only over HTTPS: the endpoint's certificate, deleted at the end. */
    private final SelfSignedCertificate certificate;
    private final int port;
    private Outbox outbox;
    private final List<UplinkClient> clients = new ArrayList<>();

    private UplinkFixture(Path dir, String token, SelfSignedCertificate certificate) {
        this.dir = dir;
        this.vertx = Vertx.vertx();
        this.certificate = certificate;
        this.endpoint = new FakeEndpoint(vertx, token);
        this.port = certificate == null ? endpoint.start()
                : endpoint.start(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
        this.outbox = openOutbox();
    }

    /** An endpoint over plain HTTP that takes this bearer token. */
    static UplinkFixture http(Path dir, String token) {
        return new UplinkFixture(dir, token, null);
    }

    /** An endpoint over HTTPS, its certificate self-signed for {@code localhost}, that takes this bearer token. */
    static UplinkFixture https(Path dir, String token) {
        return new UplinkFixture(dir, token, SelfSignedCertificate.create("localhost"));
    }

    FakeEndpoint endpoint() {
        return endpoint;
    }

    /** The outbox open now: {@link #restartOutbox()} replaces it. */
    Outbox outbox() {
        return outbox;
    }

    /** The endpoint's URI with this host name (the certificate names {@code localhost}). */
    URI uri(String host) {
        return URI.create((certificate == null ? "http://" : "https://") + host + ":" + port);
    }

    /** The endpoint's URI by IP address. */
    URI uri() {
        return uri("127.0.0.1");
    }

    /** The PEM file of the HTTPS endpoint's certificate, to trust. */
    Path certificatePem() {
        return Path.of(certificate.certificatePath());
    }

    /** Short back-offs, a request timeout, a drain rate high enough not to slow a test that does not test it. */
    UplinkSettings settings(String gatewayId, String token, Duration requestTimeout) {
        return UplinkSettings.of(uri(), gatewayId, token)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .withTimeouts(requestTimeout, Duration.ofMillis(50))
                .withDrain(100_000);
    }

    /** A client on the fixture's Vert.x and outbox, stopped by {@link #close()}; not started. */
    UplinkClient client(UplinkSettings settings) {
        UplinkClient client = new UplinkClient(vertx, outbox, settings, Clock.systemUTC());
        clients.add(client);
        return client;
    }

    /** Stops a client now (it is not stopped again at the end). */
    void stop(UplinkClient client) {
        get(client.stop());
        clients.remove(client);
    }

    /** The gateway restarts: the outbox is closed and opened again on the same file. */
    void restartOutbox() {
        outbox.close();
        outbox = openOutbox();
    }

    /** Appends summaries {@code from} to {@code to - 1}, in one transaction. */
    void appendSummaries(int from, int to) {
        List<Payload> payloads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            payloads.add(summary(i));
        }
        join(outbox.append(payloads.toArray(Payload[]::new)));
    }

    static SyncStatus status(UplinkClient client) {
        return get(client.status());
    }

    static <T> T get(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    private Outbox openOutbox() {
        return join(Outbox.open(OutboxSettings.of(dir.resolve("outbox.db")), Clock.systemUTC()));
    }

    @Override
    public void close() {
        for (UplinkClient c : clients) {
            get(c.stop());
        }
        outbox.close();
        endpoint.close();
        if (certificate != null) {
            certificate.delete();
        }
        get(vertx.close());
    }
}
