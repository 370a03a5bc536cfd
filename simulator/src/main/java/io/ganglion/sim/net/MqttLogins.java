package io.ganglion.sim.net;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The user name and password each MQTT device connects with. The gateway's own endpoint wants the device id as the
 * user name and a password of that device (docs/security.md); a broker of the site's may want one account for all.
 * Passwords are never printed: {@link #toString()} says only where they come from.
 */
public abstract sealed class MqttLogins {
    /** What one device sends in CONNECT; {@code password} may be {@code null}. */
    public record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }

    /** No user name, no password: an open broker, or client certificates. */
    public static MqttLogins none() {
        return None.INSTANCE;
    }

    /** Every device with the same user name and password (a broker's account for the simulator). */
    public static MqttLogins shared(String username, String password) {
        return new Shared(Objects.requireNonNull(username, "username"), password);
    }

    /** Each device logs in as itself (user name = device id), all with the same password. */
    public static MqttLogins deviceIdWith(String password) {
        return new DeviceIdShared(Objects.requireNonNull(password, "password"));
    }

    /** Each device logs in as itself with its own password from a {@code deviceId:password} file. */
    public static MqttLogins deviceIdWith(DevicePasswords passwords) {
        return new PerDevice(Objects.requireNonNull(passwords, "passwords"));
    }

    /** The login of one device, or {@code null} for none. */
    public abstract Login of(String deviceId);

    /**
     * Checks before the run that every device has a login, so that a missing one fails at start, not as refused
     * connects in the middle of a run.
     *
     * @throws IllegalArgumentException naming where the logins come from and the devices without one
     */
    public void checkCovers(Collection<String> deviceIds) {
    }

    private static final class None extends MqttLogins {
        static final None INSTANCE = new None();

        @Override
        public Login of(String deviceId) {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    private static final class Shared extends MqttLogins {
        private final Login login;

        Shared(String username, String password) {
            this.login = new Login(username, password);
        }

        @Override
        public Login of(String deviceId) {
            return login;
        }

        @Override
        public String toString() {
            return "username=" + login.username() + ", password=" + (login.password() == null ? "none" : "***");
        }
    }

    private static final class DeviceIdShared extends MqttLogins {
        private final String password;

        DeviceIdShared(String password) {
            this.password = password;
        }

        @Override
        public Login of(String deviceId) {
            return new Login(deviceId, password);
        }

        @Override
        public String toString() {
            return "username=the device id, password=*** (one for all)";
        }
    }

    private static final class PerDevice extends MqttLogins {
        private final DevicePasswords passwords;

        PerDevice(DevicePasswords passwords) {
            this.passwords = passwords;
        }

        @Override
        public Login of(String deviceId) {
            String password = passwords.of(deviceId);
            return password == null ? null : new Login(deviceId, password);
        }

        @Override
        public void checkCovers(Collection<String> deviceIds) {
            List<String> missing = deviceIds.stream().filter(id -> passwords.of(id) == null).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(passwords.file() + ": expected a line deviceId:password for every"
                        + " MQTT device of the scenario, missing for " + Listing.some(missing));
            }
        }

        @Override
        public String toString() {
            return "username=the device id, password=*** (from " + passwords.file() + ")";
        }
    }
}
