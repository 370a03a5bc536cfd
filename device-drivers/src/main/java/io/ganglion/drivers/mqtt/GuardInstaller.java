package io.ganglion.drivers.mqtt;

import io.vertx.core.Handler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttServer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link PacketGuard} into the pipeline of every connection of a vertx-mqtt server, from the moment it is
 * accepted (before CONNECT).
 *
 * <p>Why reflection: vertx-mqtt 5.0.7 gives no hook on a connection before CONNECT. Its {@code MqttServerImpl} keeps a
 * Vert.x {@link NetServer} in the private field {@code server} and sets that server's connect handler in
 * {@code listen()}. Before {@code listen()}, the field is replaced by a proxy that wraps the connect handler: vertx-mqtt's
 * handler first builds the MQTT pipeline (decoder before Vert.x's {@code "handler"}), then the guard goes in right
 * before {@code "handler"}. Nothing has been read yet at that point. If the field is not there (another vertx-mqtt
 * version), nothing is installed and the endpoint works as before, with a warning at start.
 */
final class GuardInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(GuardInstaller.class);
    /** The name of vertx-mqtt's (Vert.x's) handler at the end of the pipeline. */
    private static final String VERTX_HANDLER = "handler";

    private GuardInstaller() {
    }

    /** Call before {@code server.listen()}. @return false when this vertx-mqtt version cannot be guarded */
    static boolean install(MqttServer server, Supplier<PacketGuard> guards) {
        try {
            Field field = server.getClass().getDeclaredField("server");
            if (field.getType() != NetServer.class) {
                return false;
            }
            field.setAccessible(true);
            NetServer real = (NetServer) field.get(server);
            field.set(server, guarded(real, guards));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot guard the MQTT server's connections", e);
            return false;
        }
    }

    private static NetServer guarded(NetServer real, Supplier<PacketGuard> guards) {
        return (NetServer) Proxy.newProxyInstance(GuardInstaller.class.getClassLoader(),
                new Class<?>[] {NetServer.class}, (proxy, method, args) -> {
                    if (isSetConnectHandler(method, args)) {
                        @SuppressWarnings("unchecked")
                        Handler<NetSocket> mqtt = (Handler<NetSocket>) args[0];
                        real.connectHandler(socket -> {
                            mqtt.handle(socket);
                            addGuard(socket, guards.get());
                        });
                        return proxy;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isSetConnectHandler(Method method, Object[] args) {
        return method.getName().equals("connectHandler") && args != null && args.length == 1
                && args[0] instanceof Handler;
    }

    private static void addGuard(NetSocket socket, PacketGuard guard) {
        if (socket instanceof NetSocketInternal internal
                && internal.channelHandlerContext().pipeline().get(VERTX_HANDLER) != null) {
            internal.channelHandlerContext().pipeline().addBefore(VERTX_HANDLER, PacketGuard.NAME, guard);
        }
    }

    /** The guard of an endpoint's connection, or null when there is none. */
    static PacketGuard of(NetSocket socket) {
        return socket instanceof NetSocketInternal internal
                ? (PacketGuard) internal.channelHandlerContext().pipeline().get(PacketGuard.NAME) : null;
    }
}
