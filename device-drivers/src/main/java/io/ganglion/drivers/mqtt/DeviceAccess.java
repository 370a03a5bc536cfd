package io.ganglion.drivers.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/**
 * Who may connect to the embedded endpoint and what a connection may do. Two modes:
 *
 * <ul>
 *   <li><b>open</b> ({@link #OPEN}, no password file): any client connects and acts for any device, as on a closed
 *       site network; the gateway warns at start when it listens beyond loopback this way;</li>
 *   <li><b>password</b> ({@link #withPasswords}): the MQTT user name is a device id of the password file and the
 *       password must match its hash; the connection then acts for that device only: it may publish only on topics
 *       that route to it, and subscribe only to filters that cannot match another device's topics (the device id is
 *       a whole level and every level before it is literal, so {@code #}, {@code +/x} or {@code devices/+/commands/#}
 *       are refused).</li>
 * </ul>
 *
 * With client certificates ({@link EndpointTls#clientCa}) the device is the certificate's common name, and it is held
 * to its own topics as in password mode, without a password.
 *
 * <p>In every mode a client id or user name with an MQTT wildcard ({@code +}, {@code #}) or a control character is
 * refused: such ids end up in topics and logs, where they would widen a filter or forge a line.
 */
public final class DeviceAccess {
    /** Client ids and user names longer than this are refused (MQTT 3.1 capped client ids at 23). */
    static final int MAX_IDENTIFIER_LENGTH = 256;
    public static final DeviceAccess OPEN = new DeviceAccess(null);

    private final DeviceCredentials credentials;

    private DeviceAccess(DeviceCredentials credentials) {
        this.credentials = credentials;
    }

    public static DeviceAccess withPasswords(DeviceCredentials credentials) {
        return new DeviceAccess(java.util.Objects.requireNonNull(credentials, "credentials"));
    }

    /** Whether devices must log in. */
    public boolean authenticates() {
        return credentials != null;
    }

    /** Why a connection is refused. */
    public enum Refusal {
        /** The client id has a wildcard or a control character, or is too long. */
        IDENTIFIER_REJECTED,
        /** The user name is malformed, unknown, or the password does not match. */
        BAD_CREDENTIALS,
        /** No user name or password where they are required. */
        NOT_AUTHORIZED;

        /** The CONNACK code that says it, in MQTT 5's or 3.1.1's terms. */
        MqttConnectReturnCode connectReturnCode(boolean v5) {
            return switch (this) {
                case IDENTIFIER_REJECTED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
                case BAD_CREDENTIALS -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
                case NOT_AUTHORIZED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            };
        }
    }

    /**
     * The decision at CONNECT.
     *
     * @param deviceId the device the connection acts for; null when it may act for any (open mode)
     * @param refusal  null when admitted
     */
    public record Admission(String deviceId, Refusal refusal) {
        public boolean admitted() {
            return refusal == null;
        }
    }

    /**
     * Checks what needs no CPU work: the identifiers, a verified client certificate, and whether credentials are there
     * at all; null when a password is still to be verified ({@link #admit}).
     *
     * @param certificateDevice the common name of the client certificate the TLS handshake verified, or null
     */
    Admission precheck(String clientId, String username, byte[] password, String certificateDevice) {
        if (clientId != null && !clientId.isEmpty() && identifierProblem(clientId) != null) {
            return new Admission(null, Refusal.IDENTIFIER_REJECTED);
        }
        if (username != null && identifierProblem(username) != null) {
            return new Admission(null, Refusal.BAD_CREDENTIALS);
        }
        if (certificateDevice != null) {
            // The handshake proved the device: it acts for the certificate's name, whatever user name it sends.
            return identifierProblem(certificateDevice) == null ? new Admission(certificateDevice, null)
                    : new Admission(null, Refusal.NOT_AUTHORIZED);
        }
        if (credentials == null) {
            return new Admission(null, null);
        }
        if (username == null || password == null) {
            return new Admission(null, Refusal.NOT_AUTHORIZED);
        }
        return null; // the password is still to be verified
    }

    /** The full decision. Blocking when a password has to be verified: call it off the event loop. */
    public Admission admit(String clientId, String username, byte[] password) {
        Admission early = precheck(clientId, username, password, null);
        if (early != null) {
            return early;
        }
        return credentials.verify(username, password) ? new Admission(username, null)
                : new Admission(null, Refusal.BAD_CREDENTIALS);
    }

    /** Whether a connection acting for {@code deviceId} (null: any) may publish on a topic routed to {@code route}. */
    static boolean mayPublish(String deviceId, String routedDeviceId) {
        return deviceId == null || deviceId.equals(routedDeviceId);
    }

    /** Whether a connection acting for {@code deviceId} (null: any) may subscribe to {@code filter}. */
    static boolean maySubscribe(String deviceId, String filter) {
        if (deviceId == null) {
            return true;
        }
        String[] levels = filter.split("/", -1);
        for (String level : levels) {
            if (level.equals(deviceId)) {
                return true; // every level before it was literal
            }
            if (level.contains("+") || level.contains("#")) {
                return false;
            }
        }
        return false;
    }

    /** Null when {@code id} may be a client id, user name or device id; else what is wrong with it. */
    public static String identifierProblem(String id) {
        if (id.isEmpty()) {
            return "must not be empty";
        }
        if (id.length() > MAX_IDENTIFIER_LENGTH) {
            return "must be at most " + MAX_IDENTIFIER_LENGTH + " characters";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '+' || c == '#') {
                return "must not contain the MQTT wildcards + or #";
            }
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
        }
        return null;
    }
}
