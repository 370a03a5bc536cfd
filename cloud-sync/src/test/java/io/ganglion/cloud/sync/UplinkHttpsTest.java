package io.ganglion.cloud.sync;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static io.ganglion.cloud.sync.OutboxTest.join;
import static io.ganglion.cloud.sync.Records.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UplinkHttpsTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private SelfSignedCertificate certificate;
    private FakeEndpoint endpoint;
    private int port;
    private Outbox outbox;
    private UplinkClient client;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        certificate = SelfSignedCertificate.create("localhost");
        endpoint = new FakeEndpoint(vertx, "t");
        port = endpoint.start(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
        outbox = join(Outbox.open(OutboxSettings.of(dir.resolve("outbox.db")), Clock.systemUTC()));
        join(outbox.append(summary(1), summary(2)));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.stop().toCompletionStage().toCompletableFuture().join();
        }
        outbox.close();
        endpoint.close();
        certificate.delete();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private UplinkClient start(String host) {
        client = new UplinkClient(vertx, outbox, UplinkSettings.of(URI.create("https://" + host + ":" + port), "gw",
                "t").withTrustPem(Path.of(certificate.certificatePath()))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(50)), Clock.systemUTC());
        client.start();
        return client;
    }

    @Test
    void batches_go_over_https_to_a_server_trusted_by_its_pem_certificate() {
        UplinkClient c = start("localhost");
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.stored.size() == 2);
    }

    @Test
    void a_certificate_for_another_host_name_is_not_accepted() {
        UplinkClient c = start("127.0.0.1"); // the certificate names localhost
        await().atMost(Duration.ofSeconds(10)).until(() ->
                c.status().toCompletionStage().toCompletableFuture().join().consecutiveFailures() >= 2);
        assertThat(endpoint.stored).isEmpty();
    }
}
