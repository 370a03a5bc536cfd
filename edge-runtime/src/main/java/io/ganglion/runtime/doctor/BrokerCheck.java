package io.ganglion.runtime.doctor;

import io.ganglion.drivers.mqtt.BrokerSettings;
import io.ganglion.runtime.config.GatewayConfig;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * With an external broker ({@code mqtt.broker.url}): an MQTT CONNECT with the configured user name and password,
 * through Paho as the gateway connects. It logs in as {@code <clientId>-doctor} with a clean session: under the
 * gateway's own client id it would take over a running gateway's connection, and a clean session would discard the
 * persistent session in which the broker keeps the gateway's messages.
 */
final class BrokerCheck implements Check {
    static final String NAME = "broker";
    static final int CONNECT_TIMEOUT_SECONDS = 3;
    /** The whole connect, socket and CONNACK, is given up after this. */
    static final int ANSWER_TIMEOUT_SECONDS = 5;
    private final GatewayConfig config;

    BrokerCheck(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run() {
        if (!config.mqtt().usesExternalBroker()) {
            return List.of(CheckResult.ok(NAME, "no mqtt.broker: the gateway is the devices' MQTT endpoint"));
        }
        BrokerSettings broker = config.mqtt().broker();
        String who = broker.username() == null ? "anonymously" : "as user '" + broker.username() + "'";
        MqttClient client = null;
        try {
            client = new MqttClient(broker.url(), broker.clientId() + "-doctor", new MemoryPersistence());
            client.setTimeToWait(ANSWER_TIMEOUT_SECONDS * 1_000L);
            client.connect(options(broker));
            client.disconnect(1_000);
            return List.of(CheckResult.ok(NAME, broker.url() + " accepts an MQTT login " + who));
        } catch (MqttException e) {
            return List.of(refused(broker, who, e));
        } finally {
            closeQuietly(client);
        }
    }

    private static MqttConnectOptions options(BrokerSettings broker) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval((int) broker.keepAlive().toSeconds());
        if (broker.username() != null) {
            options.setUserName(broker.username());
        }
        if (broker.password() != null) {
            options.setPassword(broker.password().toCharArray());
        }
        return options;
    }

    private static CheckResult refused(BrokerSettings broker, String who, MqttException e) {
        String url = broker.url();
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> CheckResult.fail(NAME, url + " refused the login "
                    + who + ": bad user name or password", "check mqtt.broker.username and mqtt.broker.password"
                    + " against the broker's password file");
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> CheckResult.fail(NAME, url + " refused the login "
                    + who + ": not authorised", "check mqtt.broker.username and mqtt.broker.password, and that the"
                    + " broker lets this user connect (its password file and ACL)");
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> CheckResult.fail(NAME, url + " refused the client id '"
                    + broker.clientId() + "-doctor'", "allow client ids beginning with '" + broker.clientId()
                    + "' on the broker, or change mqtt.broker.clientId");
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> CheckResult.fail(NAME, url + " answered: server"
                    + " unavailable", "look at the broker's log");
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION -> CheckResult.fail(NAME, url + " refused MQTT"
                    + " 3.1.1", "enable MQTT 3.1.1 on the broker");
            default -> unreachable(url, e);
        };
    }

    private static CheckResult unreachable(String url, MqttException e) {
        String fix = "start the broker, or correct mqtt.broker.url; check the firewall between gateway and broker";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return CheckResult.fail(NAME, "cannot reach " + url + ": connection refused", fix);
            }
            if (t instanceof UnknownHostException) {
                return CheckResult.fail(NAME, "cannot reach " + url + ": unknown host " + t.getMessage(),
                        "correct the host of mqtt.broker.url, or the machine's DNS");
            }
            if (t instanceof SocketTimeoutException) {
                return CheckResult.fail(NAME, "cannot reach " + url + ": no answer within "
                        + CONNECT_TIMEOUT_SECONDS + " s", fix);
            }
            if (t instanceof SSLException) {
                return CheckResult.fail(NAME, "TLS with " + url + " failed: " + t.getMessage(), "the broker's"
                        + " certificate must be trusted by the JVM (its trust store, javax.net.ssl.trustStore) and"
                        + " name the host of mqtt.broker.url");
            }
        }
        if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return CheckResult.fail(NAME, url + " accepted the connection but did not answer the MQTT CONNECT"
                    + " within " + ANSWER_TIMEOUT_SECONDS + " s", "check that " + url + " is an MQTT broker"
                    + " (and TLS only with ssl://)");
        }
        return CheckResult.fail(NAME, "cannot connect to " + url + ": " + e.getMessage() + " (reason code "
                + e.getReasonCode() + ")", fix);
    }

    private static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(500, 500);
            }
            client.close();
        } catch (MqttException e) {
            // the check's answer is known; a client that does not close cleanly is left to the garbage collector
        }
    }
}
