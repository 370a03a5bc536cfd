package io.ganglion.drivers.mqtt;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading one device connection of the embedded endpoint.
 *
 * <p>Why reflection: vertx-mqtt 5.0.7's {@link MqttEndpoint} has no pause/resume (upstream added it after 5.0.7), and
 * the endpoint's socket is a private field. Vert.x 5's {@link NetSocket#pause()} on that socket does what we need: the
 * connection keeps already-decoded packets in its own queue, stops delivering them and turns off reading, so TCP flow
 * control pushes back on the device. Replace this class by {@code endpoint.pause()/resume()} once available. If the
 * field is not found (another vertx-mqtt version), pausing is a no-op and the endpoint falls back to its bounded
 * per-connection queue, closing a connection that overflows it.
 */
final class ReadPause {
    private static final Logger LOG = LoggerFactory.getLogger(ReadPause.class);
    private static final Field SOCKET_FIELD = findSocketField();

    private final NetSocket socket;

    private ReadPause(NetSocket socket) {
        this.socket = socket;
    }

    static ReadPause of(MqttEndpoint endpoint) {
        NetSocket socket = null;
        if (SOCKET_FIELD != null && SOCKET_FIELD.getDeclaringClass().isInstance(endpoint)) {
            try {
                socket = (NetSocket) SOCKET_FIELD.get(endpoint);
            } catch (IllegalAccessException | ClassCastException e) {
                LOG.debug("Cannot reach the socket of an MQTT endpoint", e);
            }
        }
        return new ReadPause(socket);
    }

    /** False when this vertx-mqtt version gives no way to pause reading. */
    static boolean supported() {
        return SOCKET_FIELD != null;
    }

    boolean canPause() {
        return socket != null;
    }

    /** The connection's {@link PacketGuard}, or null. On the connection's event loop. */
    PacketGuard guard() {
        return socket == null ? null : GuardInstaller.of(socket);
    }

    /** On the connection's event loop. */
    void pause() {
        if (socket != null) {
            socket.pause();
        }
    }

    /** On the connection's event loop. */
    void resume() {
        if (socket != null) {
            socket.resume();
        }
    }

    private static Field findSocketField() {
        try {
            Class<?> impl = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl");
            Field field = impl.getDeclaredField("conn");
            if (!NetSocket.class.isAssignableFrom(field.getType())) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
