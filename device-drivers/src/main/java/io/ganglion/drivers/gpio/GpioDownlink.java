package io.ganglion.drivers.gpio;

import io.ganglion.drivers.DeliveryResult;
import io.ganglion.drivers.Downlink;
import io.ganglion.drivers.OutboundCommand;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Commands to devices wired to the gateway's pins. A command's payload (encoded by its profile with the JSON codec)
 * is an object whose keys are output pin names and whose values are their new states, e.g. {@code {"relay": 1}} or
 * {@code {"fan": 40}}: relay 0 or 1, pwm duty 0 to 100 %. The pins are set in the payload's order, through
 * {@link GpioDriver#setOutput}, so on the driver's thread: sending never blocks the caller.
 *
 * <p>Delivered means every pin was set. The first pin that cannot be set (unknown, an input, a value it does not
 * take) stops the command: it is {@code REFUSED} with the reason, and names the pins already set, since a pin set is
 * not undone. The address is not used: the pins are named in the payload.
 */
public final class GpioDownlink implements Downlink {
    private final GpioDriver driver;

    public GpioDownlink(GpioDriver driver) {
        this.driver = driver;
    }

    @Override
    public CompletionStage<DeliveryResult> send(OutboundCommand command) {
        if (driver.context() == null) {
            // Commands stored before a restart are resent as the gateway starts, maybe before the pins are open.
            return CompletableFuture.completedFuture(DeliveryResult.notConnected("the GPIO driver has not started"));
        }
        Map<String, Double> states;
        try {
            states = pinStates(command.payload());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DeliveryResult.refused(e.getMessage()));
        }
        List<String> set = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Map.Entry<String, Double> state : states.entrySet()) {
            chain = chain.thenCompose(ok -> driver.setOutput(command.deviceId(), state.getKey(), state.getValue()))
                    .thenRun(() -> set.add(state.getKey() + "=" + format(state.getValue())));
        }
        return chain.handle((ok, error) -> {
            if (error == null) {
                return DeliveryResult.delivered("set " + String.join(", ", set));
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            String already = set.isEmpty() ? "" : " (already set: " + String.join(", ", set) + ")";
            // A stopping driver may be back after a restart; a wrong pin or value will not get better by waiting.
            return cause instanceof IllegalStateException
                    ? DeliveryResult.notConnected(cause.getMessage() + already)
                    : cause instanceof IllegalArgumentException
                            ? DeliveryResult.refused(cause.getMessage() + already)
                            : DeliveryResult.failed(cause.getMessage() + already);
        });
    }

    /** The payload as pin name to state, in its order. */
    static Map<String, Double> pinStates(byte[] payload) {
        JsonObject json;
        try {
            json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("a GPIO command's payload must be a JSON object of output pin names "
                    + "to states, e.g. {\"relay\": 1}; got " + new String(payload, StandardCharsets.UTF_8));
        }
        if (json.isEmpty()) {
            throw new IllegalArgumentException("a GPIO command must set at least one output pin; the payload is {}");
        }
        Map<String, Double> states = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : json) {
            // A bool parameter or constant encodes as true/false: a relay's on and off.
            if (entry.getValue() instanceof Boolean on) {
                states.put(entry.getKey(), on ? 1.0 : 0.0);
                continue;
            }
            if (!(entry.getValue() instanceof Number number)) {
                throw new IllegalArgumentException("pin '" + entry.getKey() + "': the state must be a number"
                        + " (relay 0 or 1, or true/false; pwm duty 0 to 100), got " + entry.getValue());
            }
            states.put(entry.getKey(), number.doubleValue());
        }
        return states;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** The pins are the gateway's own: a GPIO device is never unreachable, so there is nothing to announce. */
    @Override
    public void onReachable(Runnable listener) {
    }
}
