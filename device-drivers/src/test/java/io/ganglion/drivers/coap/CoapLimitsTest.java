package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CoAP server's per-device rate and its bound on DTLS sessions, against real Californium clients. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CoapLimitsTest {
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
    void a_device_over_its_rate_gets_too_many_requests_and_the_others_are_served() throws Exception {
        start(new CoapSettings("127.0.0.1", 0, 0, null, null, null, null, null, null, 5, null));
        CoapClient chatty = plain("devices/d1/telemetry");

        List<ResponseCode> codes = new ArrayList<>();
        CoapResponse refused = null;
        for (int i = 0; i < 20; i++) {
            CoapResponse response = chatty.post(JSON, MediaTypeRegistry.APPLICATION_JSON);
            codes.add(response.getCode());
            if (response.getCode() == ResponseCode.TOO_MANY_REQUESTS && refused == null) {
                refused = response;
            }
        }
        CoapResponse other = plain("devices/d2/telemetry").post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        // A burst of one second's worth (5), then about 5 a second for as long as the 20 requests took.
        long changed = codes.stream().filter(ResponseCode.CHANGED::equals).count();
        assertThat(changed).isBetween(5L, 19L);
        assertThat(refused).as("some request was refused").isNotNull();
        assertThat(refused.getOptions().getMaxAge()).isEqualTo(1);
        assertThat(refused.getResponseText()).contains("over 5 requests a second");
        assertThat(other.getCode()).as("another device keeps its own rate").isEqualTo(ResponseCode.CHANGED);
        assertThat(sink.committed()).filteredOn(m -> m.deviceId().equals("d1")).hasSize((int) changed);
        assertThat(driver.responsesByCode()).containsEntry("4.29", 20 - changed);

        Thread.sleep(1_100); // Max-Age: by then the bucket holds a token again
        assertThat(chatty.post(JSON, MediaTypeRegistry.APPLICATION_JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void zero_means_no_rate_limit() throws Exception {
        start(new CoapSettings("127.0.0.1", 0, 0, null, null, null, null, null, null, 0, null));
        CoapClient client = plain("devices/d1/telemetry");

        for (int i = 0; i < 300; i++) {
            assertThat(client.post(JSON, MediaTypeRegistry.APPLICATION_JSON).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(driver.responsesByCode()).doesNotContainKey("4.29");
    }

    /**
     * Scandium keeps at most maxActivePeers DTLS sessions and evicts only one idle for its stale threshold (30 min):
     * until then a further handshake is refused, whoever makes it. Only devices with a key can take a session.
     */
    @Test
    void dtls_handshakes_beyond_max_active_peers_are_refused() throws Exception {
        Map<String, byte[]> keys = Map.of("d1", key("d1"), "d2", key("d2"), "d3", key("d3"));
        start(new CoapSettings("127.0.0.1", 0, 0, false, null, null, null, 2, null, null, keys));

        List<String> outcomes = new ArrayList<>();
        for (String device : List.of("d1", "d2", "d3", "d1")) {
            CoapClient client = TestCoapClients.secure(driver.actualDtlsPort(), "devices/" + device + "/telemetry",
                    device, key(device));
            client.setTimeout(5_000L);
            clients.add(client);
            CoapResponse response;
            try {
                response = client.post(JSON, MediaTypeRegistry.APPLICATION_JSON);
            } catch (Exception e) {
                response = null;
            }
            outcomes.add(device + "=" + (response == null ? "none" : response.getCode().text));
        }
        assertThat(outcomes).containsExactly("d1=2.04", "d2=2.04", "d3=none", "d1=none");
        assertThat(sink.committed()).extracting(m -> m.deviceId()).containsExactly("d1", "d2");
    }

    private void start(CoapSettings settings) throws Exception {
        driver = new CoapServerDriver(settings);
        driver.start(sink).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private CoapClient plain(String path) {
        CoapClient client = TestCoapClients.plain(driver.actualPort(), path);
        clients.add(client);
        return client;
    }

    private static byte[] key(String device) {
        return ("sixteen-byte-key-" + device).getBytes(StandardCharsets.UTF_8);
    }
}
