package io.ganglion.drivers.mqtt;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each client of the embedded endpoint subscribed to: client id to topic filter to granted QoS. Kept for sending
 * commands to devices ({@code devices/{deviceId}/commands/{name}}): a command goes to the clients whose filters match
 * its topic. Safe for use from any thread.
 */
public final class SubscriptionRegistry {
    private final Map<String, Map<String, Integer>> byClient = new ConcurrentHashMap<>();

    void subscribe(String clientId, String topicFilter, int grantedQos) {
        byClient.computeIfAbsent(clientId, id -> new ConcurrentHashMap<>()).put(topicFilter, grantedQos);
    }

    void unsubscribe(String clientId, String topicFilter) {
        byClient.computeIfPresent(clientId, (id, filters) -> {
            filters.remove(topicFilter);
            return filters.isEmpty() ? null : filters;
        });
    }

    /** Forgets a client's subscriptions (it connected with a clean session, or its clean session ended). */
    void removeClient(String clientId) {
        byClient.remove(clientId);
    }

    /** The client's topic filters with their granted QoS; empty when it has none. A copy. */
    public Map<String, Integer> subscriptionsOf(String clientId) {
        Map<String, Integer> filters = byClient.get(clientId);
        return filters == null ? Map.of() : Map.copyOf(filters);
    }

    /** The clients with a filter matching {@code topic}, each with the highest QoS granted among its matching filters. */
    public Map<String, Integer> clientsMatching(String topic) {
        Map<String, Integer> out = new HashMap<>();
        byClient.forEach((client, filters) -> filters.forEach((filter, qos) -> {
            if (matches(filter, topic)) {
                out.merge(client, qos, Math::max);
            }
        }));
        return out;
    }

    /** MQTT filter matching: {@code +} is one whole level, a final {@code #} is any number of levels (even none). */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return i == f.length - 1;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** Ids of the clients with at least one subscription. A copy. */
    public Set<String> clients() {
        return Set.copyOf(byClient.keySet());
    }
}
