package io.ganglion.drivers.mqtt;

import java.util.Arrays;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What the broker driver's session is subscribed to, kept in step with the {@link TopicRouter}'s filters: all of them
 * at every connect, and only the difference when profiles change the templates while connected. Called on the
 * driver's scheduler thread only; {@link #current} may be read from any thread.
 */
final class BrokerSubscriptions {
    private final TopicRouter router;
    private final int qos;
    private final long timeoutMillis;
    private volatile List<String> current = List.of();

    BrokerSubscriptions(TopicRouter router, int qos, long timeoutMillis) {
        this.router = router;
        this.qos = qos;
        this.timeoutMillis = timeoutMillis;
    }

    /** The filters of the current session (empty before the first connect). */
    List<String> current() {
        return current;
    }

    /** At connect: subscribes to every filter the router has now. */
    void subscribeAll(MqttAsyncClient client) throws MqttException {
        List<String> filters = router.filters();
        subscribe(client, filters);
        current = filters;
    }

    /**
     * After the templates changed: subscribes to the new filters first, then unsubscribes from those gone, so that no
     * topic both sets cover goes unheard in between.
     *
     * @return what changed, for the log: {@code [added, removed]}
     */
    List<List<String>> follow(MqttAsyncClient client) throws MqttException {
        List<String> before = current;
        List<String> next = router.filters();
        List<String> added = next.stream().filter(f -> !before.contains(f)).toList();
        List<String> removed = before.stream().filter(f -> !next.contains(f)).toList();
        subscribe(client, added);
        if (!removed.isEmpty()) {
            client.unsubscribe(removed.toArray(String[]::new)).waitForCompletion(timeoutMillis);
        }
        current = next;
        return List.of(added, removed);
    }

    private void subscribe(MqttAsyncClient client, List<String> filters) throws MqttException {
        if (filters.isEmpty()) {
            return;
        }
        int[] levels = new int[filters.size()];
        Arrays.fill(levels, qos);
        IMqttToken token = client.subscribe(filters.toArray(String[]::new), levels);
        token.waitForCompletion(timeoutMillis);
        for (int granted : token.getGrantedQos()) {
            if (granted == 0x80) {
                throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
            }
        }
    }
}
