package io.ganglion.cloud.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UplinkHttpsTest {
    @TempDir
    Path dir;
    private UplinkFixture fixture;
    private FakeEndpoint endpoint;

    @BeforeEach
    void setUp() {
        fixture = UplinkFixture.https(dir, "t");
        endpoint = fixture.endpoint();
        fixture.appendSummaries(1, 3);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private UplinkClient start(String host) {
        UplinkClient client = fixture.client(UplinkSettings.of(fixture.uri(host), "gw", "t")
                .withTrustPem(fixture.certificatePem())
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(50)));
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
