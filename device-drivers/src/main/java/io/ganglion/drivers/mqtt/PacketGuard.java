package io.ganglion.drivers.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttAuthenticateReasonCode;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubCompReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRelReasonCode;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in each connection's Netty pipeline between the MQTT decoder and vertx-mqtt's handler, and refuses what a
 * server must never receive, before vertx-mqtt sees it: a malformed packet, anything but CONNECT first, a second
 * CONNECT, a packet only a server sends (CONNACK, SUBACK, UNSUBACK, PINGRESP) and an MQTT 5 reason code vertx-mqtt does
 * not know. Each is counted as a protocol error (throttled log, no stack trace) and the connection is closed.
 *
 * <p>Why here: vertx-mqtt 5.0.7 lets these escape. Before CONNECT it has no exception handler on the socket (Vert.x
 * logs each one as unhandled) and throws "CONNECT not sent yet" to the event loop; after CONNECT it fires "Wrong MQTT
 * message type" at the tail of the pipeline, which Netty logs at WARN with a stack trace per packet and the connection
 * stays open; an unknown reason code throws from its {@code valueOf} to the event loop. A peer could flood the log.
 *
 * <p>Packets that follow a refused CONNECT, or that arrive once the connection is closing, are dropped without a word:
 * vertx-mqtt would throw "CONNECT not sent yet" for each to the event loop, and the connection is going anyway.
 *
 * <p>It also tells the driver when the channel is gone ({@link #whenInactive}), whatever vertx-mqtt's close handler did:
 * a connection must leave the driver's map even when its socket closed before the driver could register.
 */
final class PacketGuard extends ChannelDuplexHandler {
    static final String NAME = "ganglionPacketGuard";
    private static final Logger LOG = LoggerFactory.getLogger(PacketGuard.class);
    private static final Set<MqttMessageType> SENT_BY_SERVERS_ONLY = Set.of(MqttMessageType.CONNACK,
            MqttMessageType.SUBACK, MqttMessageType.UNSUBACK, MqttMessageType.PINGRESP);

    private final EndpointStats stats;
    /** Only touched on the channel's event loop. */
    private boolean connectSeen;
    private boolean refused;
    /** Whether vertx-mqtt answered CONNECT, and with acceptance (seen on the way out). */
    private boolean connackSent;
    private boolean accepted;
    private boolean closing;
    private MqttEndpoint endpoint;
    private String clientId = "(connecting)";
    private Runnable onInactive;
    private boolean inactive;
    private ChannelHandlerContext context;

    PacketGuard(EndpointStats stats) {
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused || closing || (connackSent && !accepted) || (endpoint != null && !endpoint.isConnected())) {
            ReferenceCountUtil.release(msg); // the rest of a read that came with a refused packet, or a closing one
            return;
        }
        if (!(msg instanceof MqttMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String problem = problem(message);
        if (problem == null) {
            if (message instanceof MqttConnectMessage connect) {
                connectSeen = true;
                clientId = connect.payload().clientIdentifier();
            }
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        refuse(ctx, problem);
    }

    /** What is wrong with a packet a client sent, or null when vertx-mqtt may have it. */
    private String problem(MqttMessage message) {
        DecoderResult result = message.decoderResult();
        if (result.isFailure()) {
            if (result.cause() instanceof MqttUnacceptableProtocolVersionException) {
                // vertx-mqtt answers it with the CONNACK code for it, but on a new endpoint that takes the place of
                // the connected one in its close handler: after CONNECT, the driver would never hear of the close.
                return connectSeen ? "a second CONNECT, of an unknown protocol version" : null;
            }
            return "a malformed packet (" + result.cause() + ")";
        }
        if (!result.isFinished() || message.fixedHeader() == null) {
            return "an unfinished packet";
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (type == MqttMessageType.CONNECT) {
            return connectSeen ? "a second CONNECT" : null;
        }
        if (!connectSeen) {
            return "a " + type + " before CONNECT";
        }
        if (SENT_BY_SERVERS_ONLY.contains(type)) {
            return "a " + type + ", which only a server sends";
        }
        return unknownReasonCode(type, message.variableHeader());
    }

    /** vertx-mqtt maps MQTT 5 reason codes with {@code valueOf}, which throws for one it does not know. */
    private static String unknownReasonCode(MqttMessageType type, Object header) {
        try {
            if (header instanceof MqttPubReplyMessageVariableHeader reply) {
                switch (type) {
                    case PUBACK -> MqttPubAckReasonCode.valueOf(reply.reasonCode());
                    case PUBREC -> MqttPubRecReasonCode.valueOf(reply.reasonCode());
                    case PUBREL -> MqttPubRelReasonCode.valueOf(reply.reasonCode());
                    case PUBCOMP -> MqttPubCompReasonCode.valueOf(reply.reasonCode());
                    default -> { }
                }
            } else if (header instanceof MqttReasonCodeAndPropertiesVariableHeader reason) {
                switch (type) {
                    case DISCONNECT -> MqttDisconnectReasonCode.valueOf(reason.reasonCode());
                    case AUTH -> MqttAuthenticateReasonCode.valueOf(reason.reasonCode());
                    default -> { }
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "a " + type + " with an unknown reason code (" + e.getMessage() + ")";
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connectSeen) {
            ctx.fireExceptionCaught(cause); // the endpoint's exception handler counts it and closes
            return;
        }
        // Before CONNECT nobody else handles it (vertx-mqtt sets the socket's handler at CONNECT).
        if (cause instanceof IOException) {
            LOG.debug("MQTT connection from {} failed before CONNECT: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else if (!refused) {
            refuse(ctx, cause.toString());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String problem) {
        refused = true;
        stats.protocolError(clientId, problem);
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof MqttConnAckMessage connack) {
            connackSent = true;
            MqttConnectReturnCode code = connack.variableHeader().connectReturnCode();
            accepted = code == MqttConnectReturnCode.CONNECTION_ACCEPTED;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        closing = true;
        super.close(ctx, promise);
    }

    /** The endpoint vertx-mqtt made of this connection: once it is closed, nothing more goes to vertx-mqtt. */
    void attach(MqttEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inactive = true;
        Runnable listener = onInactive;
        onInactive = null;
        if (listener != null) {
            listener.run();
        }
        super.channelInactive(ctx);
    }

    /** Runs {@code listener} once the channel is closed, at once if it already is. On the channel's event loop. */
    void whenInactive(Runnable listener) {
        if (inactive || context == null || !context.channel().isActive()) {
            listener.run();
        } else {
            onInactive = listener;
        }
    }
}
