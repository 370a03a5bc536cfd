package io.ganglion.drivers.mqtt;

import io.ganglion.drivers.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which topics are device topics, and for which device and channel: the contract's layout
 * ({@code devices/{deviceId}/telemetry} and {@code .../status}) plus the templates that firmware profiles declare for
 * brownfield devices. Profiles can be reloaded while devices stream, so the templates can be {@link #replace replaced}
 * at any time; the drivers route every message through the current set and the broker driver changes its
 * subscriptions to match. Thread-safe.
 *
 * <p>When several templates fit a topic, the one with more literal levels wins ({@code site/a/{deviceId}/up} before
 * {@code site/{x}/{deviceId}/up}); between equals, the one given first.
 */
public final class TopicRouter {
    /** The contract's own layout, always routed. */
    public static final List<TopicTemplate> DEFAULTS = List.of(
            TopicTemplate.parse("devices/{deviceId}/telemetry", Channel.TELEMETRY),
            TopicTemplate.parse("devices/{deviceId}/status", Channel.STATUS),
            TopicTemplate.parse("devices/{deviceId}/commands/{name}/ack", Channel.COMMAND_ACK));

    /** Where a topic leads: the device it names and the channel it carries. */
    public record Route(String deviceId, Channel channel) {
        public Route {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(channel, "channel");
        }
    }

    private volatile List<TopicTemplate> templates = DEFAULTS;
    private final List<Consumer<List<String>>> filterListeners = new CopyOnWriteArrayList<>();

    /** A router of the contract's layout only. */
    public TopicRouter() {
    }

    /** A router of the contract's layout and {@code extra}. */
    public TopicRouter(Collection<TopicTemplate> extra) {
        this.templates = combine(extra);
    }

    /** Where a topic leads, or empty when no template fits it. */
    public Optional<Route> route(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        for (TopicTemplate template : templates) {
            Route route = template.match(topic);
            if (route != null) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** The subscription filters that cover every template, without repeats. */
    public List<String> filters() {
        Set<String> filters = new LinkedHashSet<>();
        for (TopicTemplate template : templates) {
            filters.add(template.filter());
        }
        return List.copyOf(filters);
    }

    public List<TopicTemplate> templates() {
        return templates;
    }

    /**
     * Replaces the extra templates (the defaults always stay) and tells the listeners the new filters if they changed.
     *
     * @throws IllegalArgumentException when two templates fit the same topics but take the device id from different
     *                                  levels or lead to different channels; the current templates then stay in force
     */
    public void replace(Collection<TopicTemplate> extra) {
        List<TopicTemplate> next = combine(extra);
        List<String> before;
        synchronized (this) {
            before = filters();
            templates = next;
        }
        List<String> after = filters();
        if (!after.equals(before)) {
            filterListeners.forEach(listener -> listener.accept(after));
        }
    }

    /** Called with the new filters after a {@link #replace} that changed them, on the replacing thread. */
    public void onFiltersChanged(Consumer<List<String>> listener) {
        filterListeners.add(listener);
    }

    private static List<TopicTemplate> combine(Collection<TopicTemplate> extra) {
        List<TopicTemplate> all = new ArrayList<>(DEFAULTS);
        for (TopicTemplate template : extra) {
            if (!all.contains(template)) {
                all.add(template);
            }
        }
        Map<String, TopicTemplate> byFilter = new HashMap<>();
        for (TopicTemplate template : all) {
            TopicTemplate other = byFilter.putIfAbsent(template.filter(), template);
            if (other != null && !other.sameRouting(template)) {
                throw new IllegalArgumentException("topic templates " + other + " and " + template
                        + " fit the same topics (" + template.filter() + ") but route them differently");
            }
        }
        // Stable sort: among templates with as many literal levels, the order given is kept.
        all.sort(Comparator.comparingInt(TopicTemplate::literalLevels).reversed());
        return List.copyOf(all);
    }
}
