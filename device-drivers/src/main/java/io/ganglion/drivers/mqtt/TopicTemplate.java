package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.Channel;
import java.util.Objects;

/**
 * A device topic written with placeholders, such as {@code devices/{deviceId}/telemetry} or, for a brownfield device
 * with its own layout, {@code site/{site}/bme/{deviceId}/up}. {@code {deviceId}} marks the level that names the device;
 * any other {@code {name}} matches one level of anything. Placeholders fill whole topic levels.
 *
 * <p>Immutable; {@link #match} runs once per message and allocates nothing unless the topic matches.
 */
public final class TopicTemplate {
    private static final String DEVICE_ID = io.ganglion.profiles.model.TopicTemplate.DEVICE_ID;

    private final String text;
    private final Channel channel;
    /** Literal levels as written, {@code null} for a placeholder level. */
    private final String[] levels;
    private final int deviceLevel;
    private final String filter;

    private TopicTemplate(String text, Channel channel, String[] levels, int deviceLevel, String filter) {
        this.text = text;
        this.channel = channel;
        this.levels = levels;
        this.deviceLevel = deviceLevel;
        this.filter = filter;
    }

    /**
     * Parses a template, with the rules of firmware profiles' {@code transports.mqtt} topics.
     *
     * @throws IllegalArgumentException saying what is wrong: no {@code {deviceId}} level, an MQTT wildcard, a
     *                                  placeholder that is not a whole level or appears twice
     */
    public static TopicTemplate parse(String text, Channel channel) {
        return from(io.ganglion.profiles.model.TopicTemplate.of(text), channel);
    }

    /** The router's form of a profile's (already validated) topic template. */
    public static TopicTemplate from(io.ganglion.profiles.model.TopicTemplate template, Channel channel) {
        Objects.requireNonNull(channel, "channel");
        String filter = template.subscriptionFilter();
        String[] levels = filter.split("/", -1);
        int deviceLevel = -1;
        int placeholder = 0;
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].equals("+")) { // wildcards are refused in templates, so every + is a placeholder
                if (template.placeholders().get(placeholder++).equals(DEVICE_ID)) {
                    deviceLevel = i;
                }
                levels[i] = null;
            }
        }
        return new TopicTemplate(template.toString(), channel, levels, deviceLevel, filter);
    }

    /** The device and channel when {@code topic} fits this template, else {@code null}. */
    TopicRouter.Route match(String topic) {
        int start = 0;
        String deviceId = null;
        for (int level = 0; level < levels.length; level++) {
            int end = topic.indexOf('/', start);
            boolean last = level == levels.length - 1;
            if (last != (end < 0)) {
                return null; // more or fewer levels than the template
            }
            if (end < 0) {
                end = topic.length();
            }
            if (end == start) {
                return null; // an empty level never names a device or fills a placeholder
            }
            String literal = levels[level];
            if (literal != null) {
                if (end - start != literal.length() || !topic.startsWith(literal, start)) {
                    return null;
                }
            } else if (level == deviceLevel) {
                deviceId = topic.substring(start, end);
                // A PUBLISH topic may not contain wildcards; a broker would refuse it, and we do not guess what it meant.
                if (deviceId.indexOf('+') >= 0 || deviceId.indexOf('#') >= 0) {
                    return null;
                }
            }
            start = end + 1;
        }
        return new TopicRouter.Route(deviceId, channel);
    }

    /** Whether both take the device from the same level and lead to the same channel (placeholder names aside). */
    boolean sameRouting(TopicTemplate other) {
        return other.deviceLevel == deviceLevel && other.channel == channel;
    }

    /** The subscription filter: every placeholder replaced by {@code +}. */
    public String filter() {
        return filter;
    }

    public Channel channel() {
        return channel;
    }

    /** Literal levels count for precedence: {@code site/a/{deviceId}/up} wins over {@code site/{x}/{deviceId}/up}. */
    int literalLevels() {
        int n = 0;
        for (String level : levels) {
            if (level != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicTemplate t && t.text.equals(text) && t.channel == channel;
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + channel.hashCode();
    }

    @Override
    public String toString() {
        return text + " (" + channel.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
