package io.ganglion.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.Transport;
import io.ganglion.drivers.testing.RecordingSink;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CoAP server driver against real Californium clients on loopback, plain CoAP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoapServerDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String JSON = "{\"t\":21.5}";

    private final RecordingSink sink = new RecordingSink();
    private final List<CoapClient> clients = new ArrayList<>();
    private final List<CoapServerDriver> drivers = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        clients.forEach(CoapClient::shutdown);
        for (CoapServerDriver driver : drivers) {
            driver.stop().toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
        sink.close();
    }

    @Test
    void a_firmware_announcement_posted_to_status_goes_to_the_status_channel() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);

        CoapResponse response = client(driver, "devices/d1/status").post("{\"firmware\": \"2.0.1\"}",
                MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        InboundMessage message = sink.committed().get(0);
        assertThat(message.channel()).isEqualTo(Channel.STATUS);
        assertThat(message.deviceId()).isEqualTo("d1");
        assertThat(message.address()).isEqualTo("devices/d1/status");
    }

    @Test
    void stores_telemetry_and_answers_changed() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        assertThat(driver.actualPort()).isPositive();
        assertThat(driver.actualDtlsPort()).as("no keys, no CoAPS").isEqualTo(-1);

        CoapResponse response = client(driver, "devices/d1/telemetry").post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        InboundMessage message = sink.committed().get(0);
        assertThat(message.transport()).isEqualTo(Transport.COAP);
        assertThat(message.deviceId()).isEqualTo("d1");
        assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
        assertThat(message.address()).isEqualTo("devices/d1/telemetry");
        assertThat(message.qos()).isEqualTo(1);
        assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(driver.requestCount()).isEqualTo(1);
        assertThat(driver.responsesByCode()).containsEntry("2.04", 1L);
    }

    @Test
    void answers_only_after_the_stage_completes() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        sink.hold(true);

        CompletableFuture<CoapResponse> answer = postAsync(client(driver, "devices/d1/telemetry"), JSON);
        await().atMost(WAIT).until(() -> sink.accepted().size() == 1);
        Thread.sleep(300);
        assertThat(answer).as("answered before the commit").isNotDone();
        assertThat(driver.inFlight()).isEqualTo(1);

        sink.release();
        assertThat(answer.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(sink.committedPayloads()).containsExactly(JSON);
        await().atMost(WAIT).until(() -> driver.inFlight() == 0);
    }

    @Test
    void a_slow_store_is_acknowledged_first_and_answered_separately() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        sink.hold(true);

        CompletableFuture<CoapResponse> answer = postAsync(client(driver, "devices/d1/telemetry"), JSON);
        Thread.sleep(CoapServerDriver.SEPARATE_ACK_AFTER.toMillis() + 500);
        assertThat(answer).isNotDone();
        sink.release();

        CoapResponse response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).as("separate response").isEqualTo(Type.CON);
        assertThat(sink.accepted()).hasSize(1);
    }

    @Test
    void a_rejected_message_gets_bad_request_with_the_diagnostic() throws Exception {
        AnsweringSink rejecting = new AnsweringSink(IngestResult.rejected(RejectReason.MALFORMED, "not JSON at 1:1"));
        CoapServerDriver driver = started(CoapSettings.defaults(), rejecting);

        CoapResponse response = client(driver, "devices/d1/telemetry").post("{", MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(response.getResponseText()).isEqualTo("malformed: not JSON at 1:1");
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.TEXT_PLAIN);
    }

    @Test
    void an_unknown_device_gets_not_found() throws Exception {
        AnsweringSink rejecting = new AnsweringSink(IngestResult.rejected(RejectReason.UNKNOWN_DEVICE, "who is d9?"));
        CoapServerDriver driver = started(CoapSettings.defaults(), rejecting);

        CoapResponse response = client(driver, "devices/d9/telemetry").post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(response.getResponseText()).isEqualTo("unknown_device: who is d9?");
        assertThat(rejecting.received()).extracting(InboundMessage::deviceId).containsExactly("d9");
    }

    @Test
    void a_full_pipeline_gets_service_unavailable_with_max_age() throws Exception {
        CoapSettings settings = new CoapSettings(null, 0, null, null, null, null, null, null, Duration.ofSeconds(7),
                null, null);
        CoapServerDriver driver = started(settings, sink);
        sink.refuseNext(1);
        CoapClient client = client(driver, "devices/d1/telemetry");

        CoapResponse refused = client.post(JSON, MediaTypeRegistry.APPLICATION_JSON);
        CoapResponse retried = client.post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(refused.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(refused.getOptions().getMaxAge()).isEqualTo(7);
        assertThat(retried.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(driver.overloadCount()).isEqualTo(1);
        assertThat(sink.committed()).hasSize(1);
    }

    @Test
    void a_failed_store_gets_internal_server_error() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        sink.failNext(1);

        CoapResponse response = client(driver, "devices/d1/telemetry").post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
        assertThat(driver.storeFailureCount()).isEqualTo(1);
    }

    @Test
    void a_non_confirmable_request_is_stored_as_best_effort_and_answered_non() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        CoapClient client = client(driver, "devices/d2/telemetry").useNONs();

        CoapResponse response = client.post(JSON, MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(Type.NON);
        assertThat(sink.committed().get(0).qos()).isZero();
    }

    @Test
    void receives_a_200_kb_frame_block_wise() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        byte[] frame = new byte[200 * 1024];
        new Random(7).nextBytes(frame);

        CoapResponse response = client(driver, "devices/cam1/frames").post(frame, MediaTypeRegistry.IMAGE_JPEG);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        InboundMessage message = sink.committed().get(0);
        assertThat(message.channel()).isEqualTo(Channel.FRAMES);
        assertThat(message.deviceId()).isEqualTo("cam1");
        assertThat(message.payload()).isEqualTo(frame);
    }

    @Test
    void bodies_over_the_limits_get_request_entity_too_large() throws Exception {
        CoapSettings settings = new CoapSettings(null, 0, null, null, 256, 64 * 1024, null, null, null, null, null);
        CoapServerDriver driver = started(settings, sink);

        CoapResponse telemetry = client(driver, "devices/d1/telemetry").post(new byte[1000],
                MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        CoapResponse frame = client(driver, "devices/cam1/frames").post(new byte[100 * 1024],
                MediaTypeRegistry.IMAGE_JPEG);

        assertThat(telemetry.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(telemetry.getOptions().getSize1()).isEqualTo(256);
        assertThat(frame.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void other_methods_and_paths_are_refused() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);

        assertThat(client(driver, "devices/d1/telemetry").get().getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(client(driver, "devices/d1/other").post(JSON, MediaTypeRegistry.APPLICATION_JSON).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(sink.accepted()).isEmpty();
    }

    @Test
    void stop_answers_what_was_submitted_then_closes() throws Exception {
        CoapServerDriver driver = started(CoapSettings.defaults(), sink);
        sink.hold(true);
        CompletableFuture<CoapResponse> answer = postAsync(client(driver, "devices/d1/telemetry"), JSON);
        await().atMost(WAIT).until(() -> sink.accepted().size() == 1);

        CompletableFuture<Void> stopped = driver.stop().toCompletableFuture();
        Thread.sleep(200);
        assertThat(stopped).as("stop waits for the pending request").isNotDone();
        sink.release();

        assertThat(answer.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
        stopped.get(10, TimeUnit.SECONDS);
    }

    private CoapServerDriver started(CoapSettings settings, IngestSink target) throws Exception {
        CoapServerDriver driver = new CoapServerDriver(settings.withPorts(0, 0));
        drivers.add(driver);
        driver.start(target).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return driver;
    }

    private CoapClient client(CoapServerDriver driver, String path) {
        CoapClient client = TestCoapClients.plain(driver.actualPort(), path);
        clients.add(client);
        return client;
    }

    static CompletableFuture<CoapResponse> postAsync(CoapClient client, String payload) {
        CompletableFuture<CoapResponse> answer = new CompletableFuture<>();
        client.post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                answer.complete(response);
            }

            @Override
            public void onError() {
                answer.completeExceptionally(new IllegalStateException("no answer"));
            }
        }, payload, MediaTypeRegistry.APPLICATION_JSON);
        return answer;
    }
}
