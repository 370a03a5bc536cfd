package io.ganglion.drivers.mqtt;

import static io.ganglion.profiles.ConfigCheck.inRange;
import static io.ganglion.profiles.ConfigCheck.orDefault;

/**
 * What one client, and all clients together, may hold of the embedded endpoint (YAML: {@code mqtt.endpoint.limits}).
 * Each bounds memory a peer could otherwise grow without end, the inputs behind Mosquitto's and Moquette's CVEs: very
 * long or deep topics, unbounded subscriptions, sessions left behind by made-up client ids. Every refusal is counted
 * ({@link EmbeddedEndpointDriver#limitRefusals()}).
 *
 * @param connections            clients connected at once; a CONNECT beyond is refused (server unavailable)
 * @param topicBytes             the longest topic name or filter, in UTF-8 bytes; a longer PUBLISH topic closes the
 *                               connection (MQTT 3.1.1 cannot refuse one message), a longer filter is refused in SUBACK
 * @param topicLevels            the most levels ({@code a/b/c} is 3) of a topic name or filter, likewise
 * @param subscriptionsPerClient topic filters one client may hold; filters beyond are refused in SUBACK
 * @param sessions               persistent sessions ({@code cleanSession=false}) kept for clients that are not
 *                               connected; beyond it the oldest is forgotten, as if it had been clean
 * @param messagesPerSecond      PUBLISH packets one connection may send a second, one second's worth saved up for a
 *                               burst; beyond it the endpoint stops reading the connection until the rate allows the
 *                               next (TCP holds the rest, nothing is lost); 0: no limit
 */
public record EndpointLimits(Integer connections, Integer topicBytes, Integer topicLevels,
                             Integer subscriptionsPerClient, Integer sessions, Integer messagesPerSecond) {
    public static final int DEFAULT_CONNECTIONS = 20_000;
    public static final int DEFAULT_TOPIC_BYTES = 1024;
    public static final int DEFAULT_TOPIC_LEVELS = 16;
    public static final int DEFAULT_SUBSCRIPTIONS_PER_CLIENT = 32;
    public static final int DEFAULT_SESSIONS = 20_000;
    /**
     * Far above a sensor (a message in seconds) or a camera (a few frames a second), below what one connection could
     * take of the ingest queue (about 80,000 messages a second on two cores): one device cannot crowd out the rest. A
     * bridge publishing for many devices over one connection needs it raised.
     */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 1000;

    public EndpointLimits {
        connections = inRange("connections", orDefault(connections, DEFAULT_CONNECTIONS), 1, 1_000_000);
        topicBytes = inRange("topicBytes", orDefault(topicBytes, DEFAULT_TOPIC_BYTES), 16, 65_535);
        topicLevels = inRange("topicLevels", orDefault(topicLevels, DEFAULT_TOPIC_LEVELS), 2, 256);
        subscriptionsPerClient = inRange("subscriptionsPerClient",
                orDefault(subscriptionsPerClient, DEFAULT_SUBSCRIPTIONS_PER_CLIENT), 1, 10_000);
        sessions = inRange("sessions", orDefault(sessions, DEFAULT_SESSIONS), 0, 1_000_000);
        messagesPerSecond = inRange("messagesPerSecond", orDefault(messagesPerSecond, DEFAULT_MESSAGES_PER_SECOND),
                0, 10_000_000);
    }

    public static EndpointLimits defaults() {
        return new EndpointLimits(null, null, null, null, null, null);
    }

    /** These limits with another message rate per connection (0: none), e.g. for benchmarks of the endpoint. */
    public EndpointLimits withMessagesPerSecond(int perSecond) {
        return new EndpointLimits(connections, topicBytes, topicLevels, subscriptionsPerClient, sessions, perSecond);
    }

    /** Null when {@code topic} (a name or a filter) is within the limits, else what is wrong with it. */
    String topicProblem(String topic) {
        int bytes = java.nio.charset.StandardCharsets.UTF_8.encode(topic).remaining();
        if (bytes > topicBytes) {
            return "a topic of " + bytes + " bytes (at most " + topicBytes + ")";
        }
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                levels++;
            }
        }
        return levels > topicLevels ? "a topic of " + levels + " levels (at most " + topicLevels + ")" : null;
    }
}
