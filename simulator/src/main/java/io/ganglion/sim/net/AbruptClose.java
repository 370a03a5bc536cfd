package io.ganglion.sim.net;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;

/**
 * Closes an MQTT client's TCP connection without a DISCONNECT packet, as a device losing power or its network does,
 * so that the broker publishes the device's last will. The Vert.x client has no public way to do it
 * ({@code disconnect()} always sends DISCONNECT), so this reaches its socket by reflection; {@code MqttDeviceTest}'s
 * last-will test fails if a Vert.x upgrade moves it.
 */
final class AbruptClose {
    private static final Field CONNECTION = connectionField();

    private AbruptClose() {
    }

    private static Field connectionField() {
        try {
            Class<?> impl = Class.forName("io.vertx.mqtt.impl.MqttClientImpl");
            Field field = impl.getDeclaredField("connection");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** @return whether the socket was closed (false: the client had none, or this Vert.x hides it) */
    static boolean close(MqttClient client) {
        if (CONNECTION == null) {
            return false;
        }
        try {
            Object socket = CONNECTION.get(client);
            if (socket instanceof NetSocket net) {
                net.close();
                return true;
            }
            return false;
        } catch (IllegalAccessException e) {
            return false;
        }
    }
}
