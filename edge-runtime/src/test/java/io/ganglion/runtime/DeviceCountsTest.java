package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.config.DeviceConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/devices/{id}/counts}: what a simulator checks at the end of a run. Readings stored per metric
 * with the BAD ones (device time in [from, to)), and rejected messages by reason since start, over MQTT and CoAP.
 * Each test has its own devices, so the order the tests run in does not matter.
 */
class DeviceCountsTest {
    private static final String PROFILE = "bosch-bme280-json";

    @TempDir
    static Path dir;
    static Gateway gateway;
    static CoapClient coap;
    /** Whole seconds, in the past but well within ingest.maxPastAge and the clock-skew tolerance's reach. */
    static final long BASE = (System.currentTimeMillis() / 1000 - 600) * 1000;

    @BeforeAll
    static void start() throws Exception {
        List<DeviceConfig> devices = List.of("air-0001", "air-0002", "air-mqtt-bad", "air-coap-bad", "air-silent")
                .stream().map(id -> new DeviceConfig(id, PROFILE)).toList();
        gateway = Gateway.start(GatewayFixture.embedded(dir, null, devices), "test");
        org.eclipse.californium.core.config.CoapConfig.register();
        UdpConfig.register();
        coap = new CoapClient();
        coap.setEndpoint(CoapEndpoint.builder().setConfiguration(new Configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        coap.setTimeout(15_000L);
    }

    @AfterAll
    static void stop() {
        coap.shutdown();
        gateway.close();
    }

    private static String reading(long ts, double celsius, double humidity, double hectopascal) {
        return "{\"ts\": " + ts + ", \"env\": {\"t\": " + celsius + ", \"h\": " + humidity + ", \"p\": " + hectopascal
                + "}}";
    }

    private static CoapResponse postCoap(String deviceId, String json) throws Exception {
        coap.setURI("coap://127.0.0.1:" + gateway.coapPort().orElseThrow() + "/devices/" + deviceId + "/telemetry");
        return coap.post(json, MediaTypeRegistry.APPLICATION_JSON);
    }

    private static JsonObject counts(String deviceId, String query) throws Exception {
        GatewayFixture.Response response = get(gateway, "/api/v1/devices/" + deviceId + "/counts" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void counts_the_stored_readings_of_each_metric_the_bad_ones_and_their_sum() throws Exception {
        try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "air-0001")) {
            for (int i = 0; i < 5; i++) {
                device.send(reading(BASE + i * 1000L, 20 + i, 45, 1013), 1); // returns once acknowledged
            }
            device.send(reading(BASE + 5000, 120, 101.5, 1013), 1); // temperature and humidity out of range: BAD
            device.send("{\"ts\": " + (BASE + 6000) + ", \"env\": {\"p\": 1000}}", 1); // pressure only
        }

        // Sums as stored: the profile's pressure in Pa (hPa x 100).
        assertThat(counts("air-0001", "")).isEqualTo(new JsonObject("""
                {"device": "air-0001", "from": 0, "to": 9223372036854775807,
                 "metrics": {"humidity": {"readings": 6, "bad": 1, "sum": 326.5},
                             "pressure": {"readings": 7, "bad": 0, "sum": 707800.0},
                             "temperature": {"readings": 6, "bad": 1, "sum": 230.0}},
                 "rejected": {"total": 0, "byReason": {}}}"""));
    }

    @Test
    void from_and_to_select_readings_by_device_time() throws Exception {
        try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "air-0002")) {
            for (int i = 0; i < 10; i++) {
                device.send(reading(BASE + i * 1000L, i == 3 ? 200 : 20, 45, 1013), 1);
            }
        }

        // [from, to): BASE+2000, +3000 (BAD), +4000; BASE+5000 is left out.
        JsonObject window = counts("air-0002", "?from=" + (BASE + 2000) + "&to=" + (BASE + 5000));
        assertThat(window.getLong("from")).isEqualTo(BASE + 2000);
        assertThat(window.getLong("to")).isEqualTo(BASE + 5000);
        assertThat(window.getJsonObject("metrics").getJsonObject("temperature"))
                .isEqualTo(new JsonObject().put("readings", 3).put("bad", 1).put("sum", 240.0));
        assertThat(window.getJsonObject("metrics").getJsonObject("humidity").getLong("readings")).isEqualTo(3);
        // ISO-8601 instants work as for /readings; from alone runs to the end of time.
        String iso = Instant.ofEpochMilli(BASE + 7000).toString();
        assertThat(counts("air-0002", "?from=" + iso).getJsonObject("metrics").getJsonObject("temperature"))
                .isEqualTo(new JsonObject().put("readings", 3).put("bad", 0).put("sum", 60.0));
        assertThat(counts("air-0002", "?to=" + (BASE + 1000)).getJsonObject("metrics").getJsonObject("pressure")
                .getLong("readings")).isEqualTo(1);
        // A window with nothing in it: no metrics, not metrics at zero.
        assertThat(counts("air-0002", "?from=" + (BASE + 60_000)).getJsonObject("metrics")).isEmpty();
    }

    @Test
    void counts_rejected_mqtt_messages_by_reason_whatever_the_window() throws Exception {
        try (TestDevice device = new TestDevice(GatewayFixture.endpointUrl(gateway), "air-mqtt-bad")) {
            device.send("{\"env\":", 1);
            device.send("{\"ts\": " + BASE + ", \"env\": {\"t\": ", 1);
            device.send("{\"env\": {\"t\": \"warm\"}}", 1);
            device.send("{\"battery\": 3.1}", 1);
            device.send(reading(BASE, 21, 45, 1013), 1);
        }

        JsonObject all = counts("air-mqtt-bad", "");
        assertThat(all.getJsonObject("rejected")).isEqualTo(new JsonObject("""
                {"total": 4, "byReason": {"malformed": 2, "wrong_type": 1, "empty": 1}}"""));
        assertThat(all.getJsonObject("metrics").getJsonObject("temperature").getLong("readings")).isEqualTo(1);
        // Rejections are counted since start, not by device time: a window without readings still has them.
        JsonObject later = counts("air-mqtt-bad", "?from=" + (BASE + 60_000));
        assertThat(later.getJsonObject("metrics")).isEmpty();
        assertThat(later.getJsonObject("rejected").getLong("total")).isEqualTo(4);
    }

    @Test
    void counts_rejected_coap_messages_and_those_of_ids_the_gateway_does_not_accept() throws Exception {
        assertThat(postCoap("air-coap-bad", "{\"env\": {\"h\": ").getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(postCoap("air-coap-bad", "{\"env\": {\"h\": \"damp\"}}").getCode())
                .isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(postCoap("air-coap-bad", reading(BASE, 21, 45, 1013)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(postCoap("coap-stranger", reading(BASE, 21, 45, 1013)).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);

        assertThat(counts("air-coap-bad", "").getJsonObject("rejected")).isEqualTo(new JsonObject("""
                {"total": 2, "byReason": {"malformed": 1, "wrong_type": 1}}"""));
        // Not a device of the gateway, but its messages were rejected since start: they are counted, nothing stored.
        JsonObject stranger = counts("coap-stranger", "");
        assertThat(stranger.getJsonObject("metrics")).isEmpty();
        assertThat(stranger.getJsonObject("rejected")).isEqualTo(new JsonObject("""
                {"total": 1, "byReason": {"unknown_device": 1}}"""));
        assertThat(metric(gateway, "ganglion_ingest_rejected_other_devices_total")).isZero();
    }

    @Test
    void a_declared_device_that_sent_nothing_has_empty_counts() throws Exception {
        assertThat(counts("air-silent", "?from=1&to=2")).isEqualTo(new JsonObject("""
                {"device": "air-silent", "from": 1, "to": 2, "metrics": {},
                 "rejected": {"total": 0, "byReason": {}}}"""));
    }

    @Test
    void an_unknown_device_is_not_found() throws Exception {
        GatewayFixture.Response response = get(gateway, "/api/v1/devices/nobody-0001/counts");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().getString("error")).isEqualTo("no device 'nobody-0001'");
        assertThat(get(gateway, "/api/v1/devices/nobody-0001").status()).isEqualTo(404);
    }

    @Test
    void bad_parameters_are_a_400_that_says_what_was_expected() throws Exception {
        for (String query : List.of("?from=yesterday", "?to=12abc", "?from=2000&to=1000", "?from=5&to=5")) {
            GatewayFixture.Response response = get(gateway, "/api/v1/devices/air-silent/counts" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().getString("error")).as(query).matches(message -> message.contains("'from'")
                    || message.contains("'to'"));
        }
        assertThat(get(gateway, "/api/v1/devices/air-silent/counts?from=yesterday").json().getString("error"))
                .contains("epoch milliseconds or an ISO-8601 instant");
    }
}
