package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.InvalidSettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CoAPS: DTLS 1.2 with a pre-shared key per device, against a real Scandium client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoapsTest {
    private static final byte[] KEY_D1 = "sixteen-byte-key-d1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_D2 = "sixteen-byte-key-d2".getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "{\"t\":1}";

    private final RecordingSink sink = new RecordingSink();
    private final List<CoapClient> clients = new ArrayList<>();
    private CoapServerDriver driver;

    @AfterEach
    void closeAll() throws Exception {
        clients.forEach(CoapClient::shutdown);
        if (driver != null) {
            driver.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
        sink.close();
    }

    @Test
    void a_device_with_the_right_key_stores() throws Exception {
        start(true);

        CoapResponse response = secureClient("devices/d1/telemetry", "d1", KEY_D1)
                .post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(sink.committed()).extracting(m -> m.deviceId()).containsExactly("d1");
    }

    @Test
    void a_wrong_key_fails_the_handshake() throws Exception {
        start(true);
        CoapClient client = secureClient("devices/d1/telemetry", "d1", KEY_D2);
        client.setTimeout(5_000L);

        CoapResponse response = null;
        try {
            response = client.post(JSON, MediaTypeRegistry.APPLICATION_JSON);
        } catch (ConnectorException | IOException handshakeFailed) {
            // Scandium reports the failed handshake (bad record MAC / decrypt error alert) as a send error.
        }

        assertThat(response).as("an answer without a handshake").isNull();
        assertThat(sink.accepted()).isEmpty();
        assertThat(driver.requestCount()).isZero();
    }

    @Test
    void a_device_may_only_post_to_its_own_resources() throws Exception {
        start(true);

        CoapResponse response = secureClient("devices/d2/telemetry", "d1", KEY_D1)
                .post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        assertThat(response.getResponseText()).contains("'d1'", "devices/d1/");
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void with_plain_coap_off_only_coaps_listens() throws Exception {
        start(false);

        assertThat(driver.actualPort()).isEqualTo(-1);
        assertThat(driver.actualDtlsPort()).isPositive();
        assertThat(secureClient("devices/d2/telemetry", "d2", KEY_D2).post(JSON, MediaTypeRegistry.APPLICATION_JSON)
                .getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void plain_off_without_keys_and_short_keys_are_refused() {
        assertThat(catchThrowable(() -> new CoapSettings(null, null, null, false, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("plainEnabled");
        assertThat(catchThrowable(() -> new CoapSettings(null, null, null, null, null, null, null, null, null, null,
                Map.of("d1", new byte[8])))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("psk.d1");
        assertThat(new CoapSettings(null, null, null, null, null, null, null, null, null, null, Map.of("d1", KEY_D1))
                .toString()).doesNotContain("sixteen");
    }

    private void start(boolean plain) throws Exception {
        CoapSettings settings = new CoapSettings("127.0.0.1", 0, 0, plain, null, null, null, null, null, null,
                Map.of("d1", KEY_D1, "d2", KEY_D2));
        driver = new CoapServerDriver(settings);
        driver.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CoapClient secureClient(String path, String identity, byte[] key) {
        CoapClient client = TestCoapClients.secure(driver.actualDtlsPort(), path, identity, key);
        clients.add(client);
        return client;
    }
}
