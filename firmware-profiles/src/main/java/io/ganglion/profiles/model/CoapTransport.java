package io.ganglion.profiles.model;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

import io.ganglion.profiles.InvalidSettingException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a device type uses CoAP ({@code transports.coap}). Either the device sends (POSTs) to the gateway's resources,
 * or, with {@code observe} or {@code poll}, the gateway fetches the device's own resource.
 *
 * @param telemetry the resource path: the gateway's, default {@code /devices/{deviceId}/telemetry}, which must name
 *                  {@code {deviceId}}; or, when observing or polling, the device's own (e.g. {@code /sensors/air})
 * @param frames    where a camera POSTs frames block-wise; default {@code /devices/{deviceId}/frames}
 * @param observe   the gateway registers as an observer of the device's {@code telemetry} resource (RFC 7641)
 * @param poll      the gateway GETs the device's resource at this period; with {@code observe}, the period after
 *                  which a silent observation is registered again
 */
public record CoapTransport(String telemetry, String frames, Boolean observe, Duration poll) {
    public static final String DEFAULT_TELEMETRY = "/devices/{deviceId}/telemetry";
    public static final String DEFAULT_FRAMES = "/devices/{deviceId}/frames";

    private static final Pattern PATH = Pattern.compile("(/([A-Za-z0-9._~!$&'()*,;=:@-]+|\\{[A-Za-z][A-Za-z0-9_]*}))+");
    private static final String EXPECTATION =
            "a resource path such as /devices/{deviceId}/telemetry (segments of URI characters or whole {name}s)";

    public CoapTransport {
        observe = orDefault(observe, false);
        boolean fetched = observe || poll != null;
        telemetry = path("telemetry", orDefault(telemetry, DEFAULT_TELEMETRY), !fetched);
        frames = path("frames", orDefault(frames, DEFAULT_FRAMES), true);
        if (poll != null) {
            inRange("poll", poll, Duration.ofSeconds(1), Duration.ofDays(1));
        }
    }

    /** Whether the gateway is the client: it observes or polls the device. */
    public boolean gatewayFetches() {
        return observe || poll != null;
    }

    private static String path(String key, String path, boolean namesDevice) {
        if (!PATH.matcher(path).matches()) {
            throw new InvalidSettingException(key, EXPECTATION, "'" + path + "'");
        }
        if (namesDevice && !path.contains("/{" + TopicTemplate.DEVICE_ID + "}")) {
            throw new InvalidSettingException(key, "a path with a {deviceId} segment, so the gateway knows who sent"
                    + " (or observe: true / poll: to fetch from the device)", "'" + path + "'");
        }
        return path;
    }
}
