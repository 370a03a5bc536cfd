package io.ganglion.drivers.coap;

import io.ganglion.drivers.Channel;
import io.ganglion.drivers.InboundMessage;
import io.ganglion.drivers.IngestResult;
import io.ganglion.drivers.IngestSink;
import io.ganglion.drivers.OverloadedException;
import io.ganglion.drivers.Stages;
import io.ganglion.drivers.Transport;
import io.ganglion.profiles.RejectReason;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * Turns one POST into an {@link InboundMessage} and answers it when the sink's stage completes: 2.04 when stored,
 * 4.04 for an unknown device, 4.00 with "reason: detail" for any other rejection, 4.29 with Max-Age for a device over
 * its rate ({@link DeviceRates}), 5.03 with Max-Age when the pipeline
 * is full (or the server is stopping), 5.00 when the store failed. Runs on Californium's protocol threads and never
 * waits there: the answer is sent from whichever thread completes the stage.
 */
final class IngestExchangeHandler {
    private final IngestSink sink;
    private final CoapSettings settings;
    private final CoapStats stats;
    private final SeparateAcks acks;
    private final CoapPeers peers;
    private final DeviceRates rates;
    private volatile boolean stopping;

    IngestExchangeHandler(IngestSink sink, CoapSettings settings, CoapStats stats, SeparateAcks acks,
                          CoapPeers peers) {
        this.sink = sink;
        this.settings = settings;
        this.stats = stats;
        this.acks = acks;
        this.peers = peers;
        this.rates = new DeviceRates(settings.deviceMessagesPerSecond(), settings.maxActivePeers());
    }

    /** New requests are answered 5.03 from now on; those already submitted are still answered. */
    void stopIntake() {
        stopping = true;
    }

    void handle(CoapExchange exchange, Channel channel) {
        stats.requests.increment();
        Request request = exchange.advanced().getRequest();
        List<String> path = request.getOptions().getUriPath();
        String address = String.join("/", path);
        String deviceId = path.get(1);
        if (stopping) {
            overloaded(exchange);
            return;
        }
        String identity = pskIdentity(request.getSourceContext().getPeerIdentity());
        if (identity != null && !identity.equals(deviceId)) {
            refuse(exchange, ResponseCode.UNAUTHORIZED, address,
                    "PSK identity '" + identity + "' may only post to devices/" + identity + "/...");
            return;
        }
        long retryAfter = rates.admit(deviceId, System.nanoTime());
        if (retryAfter > 0) {
            tooMany(exchange, address, retryAfter);
            return;
        }
        byte[] payload = exchange.getRequestPayload();
        if (channel == Channel.TELEMETRY && payload.length > settings.maxBodyBytes()) {
            Response tooLarge = text(ResponseCode.REQUEST_ENTITY_TOO_LARGE,
                    "telemetry body of " + payload.length + " bytes exceeds maxBodyBytes " + settings.maxBodyBytes());
            tooLarge.getOptions().setSize1(settings.maxBodyBytes());
            stats.refused("4.13", address, "body of " + payload.length + " bytes");
            send(exchange, tooLarge);
            return;
        }
        boolean confirmable = request.isConfirmable();
        InboundMessage message = new InboundMessage(Transport.COAP, deviceId, channel, address, payload,
                confirmable ? 1 : 0, System.currentTimeMillis());
        SeparateAcks.Waiting waiting = acks.arrived(exchange, confirmable);
        stats.pending.incrementAndGet();
        CompletionStage<IngestResult> stage;
        try {
            stage = sink.submit(message);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, failure) -> {
            // Only a stored message proves the device; DTLS peers are not remembered, commands over CoAPS being
            // unsupported yet.
            if (failure == null && result.isStored() && request.getSourceContext().getPeerIdentity() == null) {
                peers.heard(deviceId, request.getSourceContext().getPeerAddress());
            }
            if (waiting.answer()) {
                answer(exchange, address, result, failure);
            }
            stats.pending.decrementAndGet();
        });
    }

    private void answer(CoapExchange exchange, String address, IngestResult result, Throwable failure) {
        if (failure == null) {
            if (result.isStored()) {
                send(exchange, new Response(ResponseCode.CHANGED));
            } else {
                ResponseCode code = result.reason() == RejectReason.UNKNOWN_DEVICE
                        ? ResponseCode.NOT_FOUND : ResponseCode.BAD_REQUEST;
                send(exchange, text(code, result.reason().label() + ": " + result.detail()));
            }
            return;
        }
        // A stage that failed downstream of the sink's own future arrives wrapped.
        Throwable cause = Stages.unwrap(failure);
        if (cause instanceof OverloadedException) {
            overloaded(exchange);
        } else {
            stats.storeFailed(address, cause);
            send(exchange, text(ResponseCode.INTERNAL_SERVER_ERROR, "store failed; send again later"));
        }
    }

    private void overloaded(CoapExchange exchange) {
        stats.overloads.increment();
        Response response = text(ResponseCode.SERVICE_UNAVAILABLE, "gateway busy; retry after Max-Age");
        response.getOptions().setMaxAge(settings.overloadMaxAge().toSeconds());
        send(exchange, response);
    }

    /** RFC 8516: the device may send again after Max-Age; nothing of this request was taken. */
    private void tooMany(CoapExchange exchange, String address, long retryAfterSeconds) {
        stats.refused("4.29", address, "over coap.deviceMessagesPerSecond=" + settings.deviceMessagesPerSecond());
        Response response = text(ResponseCode.TOO_MANY_REQUESTS, "over " + settings.deviceMessagesPerSecond()
                + " requests a second; retry after Max-Age");
        response.getOptions().setMaxAge(retryAfterSeconds);
        send(exchange, response);
    }

    private void refuse(CoapExchange exchange, ResponseCode code, String address, String why) {
        stats.refused(code.text, address, why);
        send(exchange, text(code, why));
    }

    private void send(CoapExchange exchange, Response response) {
        stats.responded(response.getCode().text);
        exchange.respond(response);
    }

    private static Response text(ResponseCode code, String payload) {
        Response response = new Response(code);
        response.setPayload(payload.getBytes(StandardCharsets.UTF_8));
        response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        return response;
    }

    /** The device a CoAPS peer authenticated as; null over plain CoAP. */
    private static String pskIdentity(Principal peer) {
        return peer instanceof PreSharedKeyIdentity psk ? psk.getIdentity() : null;
    }
}
