package io.ganglion.sim.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A broker address as site engineers write it: {@code tcp://} or {@code mqtt://} for plain MQTT (port 1883 by
 * default), {@code ssl://} or {@code mqtts://} for MQTT over TLS (port 8883 by default), then {@code HOST[:PORT]}.
 *
 * @param host the host, dialled and checked against the server's certificate
 * @param port the port
 * @param tls  whether the scheme asks for TLS
 */
public record MqttUrl(String host, int port, boolean tls) {
    public static final String EXPECTATION = "tcp://, mqtt://, ssl:// or mqtts:// then HOST[:PORT]";

    /** @throws IllegalArgumentException with {@code key: expected ..., got '...'} */
    public static MqttUrl parse(String key, String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid(key, text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts" -> true;
            default -> throw invalid(key, text);
        };
        boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
        if (uri.getHost() == null || !bare || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw invalid(key, text);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal, without its brackets
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        if (port < 1 || port > 65535) {
            throw invalid(key, text);
        }
        return new MqttUrl(host, port, tls);
    }

    private static IllegalArgumentException invalid(String key, String text) {
        return new IllegalArgumentException(key + ": expected " + EXPECTATION + ", got '" + text + "'");
    }
}
