package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.Channel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The device topics of the external contract: {@code devices/{deviceId}/telemetry} and
 * {@code devices/{deviceId}/status}. Frames ({@code devices/{deviceId}/frames}) are not routed yet.
 */
public final class TopicLayout {

    /** The filters the gateway subscribes to on an external broker, one per routed channel. */
    public static final List<String> SUBSCRIPTIONS = List.of("devices/+/telemetry", "devices/+/status");

    private static final String PREFIX = "devices/";

    private TopicLayout() {
    }

    /** Where a topic leads: the device it names and the channel it carries. */
    public record Route(String deviceId, Channel channel) {
        public Route {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(channel, "channel");
        }
    }

    /**
     * Parses a topic of an incoming PUBLISH.
     *
     * @return the route, or empty when the topic is not a routed device topic (wrong shape, an empty device id, a
     *     wildcard character, or a channel not routed yet)
     */
    public static Optional<Route> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length()) {
            return Optional.empty();
        }
        String deviceId = topic.substring(PREFIX.length(), slash);
        // A PUBLISH topic may not contain wildcards; a broker would refuse it, and we do not guess what it meant.
        if (deviceId.indexOf('+') >= 0 || deviceId.indexOf('#') >= 0) {
            return Optional.empty();
        }
        Channel channel;
        switch (topic.substring(slash + 1)) {
            case "telemetry":
                channel = Channel.TELEMETRY;
                break;
            case "status":
                channel = Channel.STATUS;
                break;
            default:
                return Optional.empty();
        }
        return Optional.of(new Route(deviceId, channel));
    }
}
