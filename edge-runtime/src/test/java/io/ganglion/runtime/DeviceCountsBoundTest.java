package io.ganglion.runtime;

import static io.ganglion.runtime.GatewayFixture.get;
import static io.ganglion.runtime.GatewayFixture.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.ingest.RejectionCounts;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that cycles through device ids cannot grow the per-device rejection counts without bound: beyond
 * {@link RejectionCounts#DEFAULT_MAX_OTHER_IDS} ids the gateway does not know, rejections are counted together, and a
 * declared device keeps its own counts however many strangers came first.
 */
class DeviceCountsBoundTest {
    @TempDir
    Path dir;

    @Test
    void ids_beyond_the_bound_are_counted_as_other_devices() throws Exception {
        int strangers = RejectionCounts.DEFAULT_MAX_OTHER_IDS + 25;
        try (Gateway gateway = Gateway.start(GatewayFixture.embedded(dir, "th-1"), "test");
             TestDevice peer = new TestDevice(GatewayFixture.endpointUrl(gateway), "th-1")) {
            byte[] payload = "{\"temperature\": 1}".getBytes(StandardCharsets.UTF_8);
            List<IMqttDeliveryToken> pending = new ArrayList<>();
            for (int i = 0; i < strangers; i++) {
                pending.add(peer.client.publish("devices/s-" + i + "/telemetry", payload, 1, false));
                if (pending.size() == 500) { // under the client's in-flight window
                    for (IMqttDeliveryToken token : pending) {
                        token.waitForCompletion(10_000);
                    }
                    pending.clear();
                }
            }
            for (IMqttDeliveryToken token : pending) {
                token.waitForCompletion(10_000);
            }
            peer.send("{\"temperature\": ", 1);

            assertThat(metric(gateway, "ganglion_ingest_rejected_total{reason=\"unknown_device\"}"))
                    .isEqualTo(strangers);
            assertThat(metric(gateway, "ganglion_ingest_rejected_other_devices_total")).isEqualTo(25.0);
            JsonObject first = get(gateway, "/api/v1/devices/s-0/counts").json();
            assertThat(first.getJsonObject("rejected")).isEqualTo(new JsonObject("""
                    {"total": 1, "byReason": {"unknown_device": 1}}"""));
            assertThat(get(gateway, "/api/v1/devices/s-" + (RejectionCounts.DEFAULT_MAX_OTHER_IDS - 1) + "/counts")
                    .status()).isEqualTo(200);
            // Counted only under other devices, and not a device of the gateway: nothing to answer for it.
            assertThat(get(gateway, "/api/v1/devices/s-" + (strangers - 1) + "/counts").status()).isEqualTo(404);
            assertThat(get(gateway, "/api/v1/devices/th-1/counts").json().getJsonObject("rejected"))
                    .isEqualTo(new JsonObject("""
                            {"total": 1, "byReason": {"malformed": 1}}"""));
        }
    }
}
