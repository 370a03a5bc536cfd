package io.ganglion.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Whether a listener's bind address keeps it on this machine. */
public final class Loopback {
    private Loopback() {
    }

    /**
     * {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}. Any other name counts as reachable from the network:
     * it is not resolved here, and what it resolves to may change.
     */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a host name: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
