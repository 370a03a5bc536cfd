package io.ganglion.runtime.doctor;

import io.ganglion.runtime.doctor.Listeners.Listener;
import io.ganglion.runtime.doctor.Listeners.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds every listener the configuration opens (HTTP, the MQTT endpoint, CoAP and CoAPS) for a moment, as the gateway
 * will. A port in use is a FAIL when another program holds it, and a warning when a Ganglion gateway already running
 * does (its health endpoint on the configured HTTP port answers): that is no mistake in the configuration.
 */
final class PortsCheck implements Check {
    static final String NAME = "ports";
    private final DoctorContext context;

    PortsCheck(DoctorContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        for (Listener listener : Listeners.of(context.config())) {
            results.add(check(listener));
        }
        return results;
    }

    private CheckResult check(Listener listener) {
        String what = listener.name() + " on " + listener.address();
        if (listener.port() == 0) {
            return CheckResult.ok(NAME, what + ": port 0, a free port is picked at start");
        }
        Optional<String> problem = tryBind(listener);
        if (problem.isEmpty()) {
            return CheckResult.ok(NAME, what + " can be bound");
        }
        if (!problem.get().contains("in use")) {
            return CheckResult.fail(NAME, what + " cannot be bound: " + problem.get(), bindFix(listener,
                    problem.get()));
        }
        Optional<String> gateway = context.runningGateway();
        if (gateway.isPresent()) {
            return CheckResult.warn(NAME, what + " is in use, by " + gateway.get() + " already running",
                    "nothing to do if that is this gateway; to start another one, stop it first (systemctl stop"
                            + " ganglion) or give this one other ports (" + listener.key() + ")");
        }
        return CheckResult.fail(NAME, what + " is in use by another program (no Ganglion gateway answers on HTTP"
                + " port " + context.config().http().port() + ")", "stop the program that holds it (`ss -"
                + (listener.protocol() == Protocol.TCP ? "ltnp" : "lunp") + " 'sport = :" + listener.port()
                + "'` names it) or set " + listener.key() + " to a free port");
    }

    private static String bindFix(Listener listener, String problem) {
        if (problem.contains("Permission denied")) {
            return "ports below 1024 need root or CAP_NET_BIND_SERVICE: set " + listener.key() + " to 1024 or"
                    + " above, or grant the capability (AmbientCapabilities=CAP_NET_BIND_SERVICE in the unit)";
        }
        if (problem.contains("assign requested address") || problem.contains("unresolved")) {
            return "set the host of " + listener.name() + " to an address of this machine (or 0.0.0.0 for all)";
        }
        return "set " + listener.key() + " or its host to something this machine can bind";
    }

    /** Empty when the port could be bound (and was released at once), else why not. */
    static Optional<String> tryBind(Listener listener) {
        InetSocketAddress address = new InetSocketAddress(listener.host(), listener.port());
        if (address.isUnresolved()) {
            return Optional.of("host '" + listener.host() + "' is unresolved");
        }
        try {
            if (listener.protocol() == Protocol.TCP) {
                try (ServerSocket socket = new ServerSocket()) {
                    // As Vert.x does: a port whose last connections linger in TIME_WAIT is still free to listen on.
                    socket.setReuseAddress(true);
                    socket.bind(address);
                }
            } else {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.setReuseAddress(false); // as Californium: a second UDP socket on the port is refused
                    socket.bind(address);
                }
            }
            return Optional.empty();
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            return Optional.of(message.contains("in use") ? "address already in use" : message);
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }
}
