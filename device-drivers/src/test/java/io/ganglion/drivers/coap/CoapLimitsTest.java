package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.testing.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
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

    /**
     * A CON POST whose Block1 says 64-byte blocks but carries 95 bytes: Californium's block-wise layer would log it at
     * ERROR and never answer (CoapServerFuzzTest found it); it is answered 4.00 at once and counted.
     */
    @Test
    void inconsistent_block1_transfers_are_answered_bad_request_and_counted() throws Exception {
        start(CoapSettings.defaults().withPorts(0, 0));
        // By hand: Californium's own serializer refuses to write such a message.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0x44, 0x02, 0x10, (byte) 0x92, 1, 2, 3, 4}); // CON POST, MID 4242, 4-byte token
        bytes.write(0xB7);
        bytes.write("devices".getBytes(StandardCharsets.US_ASCII)); // Uri-Path (11)
        bytes.write(0x02);
        bytes.write("d1".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0x06);
        bytes.write("frames".getBytes(StandardCharsets.US_ASCII));
        bytes.write(new byte[] {(byte) 0xD1, 0x03, 0x0A}); // Block1 (27): block 0, more, 64-byte blocks (SZX 2)
        bytes.write(0xFF);
        bytes.write(new byte[95]);
        byte[] datagram = bytes.toByteArray();

        assertThat(answerTo(datagram)).as("an ACK with 4.00 (code 128) to MID 4242").isEqualTo("2 128 4242");

        // Block 4 of 32-byte blocks with Size1 0, the body's whole size: Californium's block-wise layer threw on it.
        ByteArrayOutputStream sizeZero = new ByteArrayOutputStream();
        sizeZero.write(new byte[] {0x41, 0x02, 0x10, (byte) 0x93, 7}); // CON POST, MID 4243, 1-byte token
        sizeZero.write(0xB7);
        sizeZero.write("devices".getBytes(StandardCharsets.US_ASCII));
        sizeZero.write(0x02);
        sizeZero.write("d1".getBytes(StandardCharsets.US_ASCII));
        sizeZero.write(0x06);
        sizeZero.write("frames".getBytes(StandardCharsets.US_ASCII));
        sizeZero.write(new byte[] {(byte) 0xD1, 0x03, 0x41}); // Block1 (27): block 4, last, 32-byte blocks
        sizeZero.write(new byte[] {(byte) 0xD1, 0x14, 0x00}); // Size1 (60, delta 33): 0
        sizeZero.write(0xFF);
        sizeZero.write(new byte[16]);
        assertThat(answerTo(sizeZero.toByteArray())).as("4.00 to MID 4243").isEqualTo("2 128 4243");

        assertThat(driver.badBlockCount()).isEqualTo(2);
        assertThat(sink.accepted()).isEmpty();

        // A well-formed request from another client afterwards is served as ever.
        assertThat(plain("devices/d1/telemetry").post(JSON, MediaTypeRegistry.APPLICATION_JSON).getCode())
                .isEqualTo(ResponseCode.CHANGED);
    }

    /** The answer's type, code and message id, e.g. "2 128 4242" for an ACK with 4.00. */
    private String answerTo(byte[] datagram) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                    driver.actualPort()));
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            socket.receive(answer);
            byte[] data = answer.getData();
            return ((data[0] >> 4) & 0x3) + " " + (data[1] & 0xff) + " " + (((data[2] & 0xff) << 8) | (data[3] & 0xff));
        }
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
