package io.ganglion.tools;

import com.hivemq.embedded.EmbeddedHiveMQ;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code broker moquette|hivemq PORT DIR}: runs one embedded broker until killed, printing READY when it listens.
 * {@code publish URL MESSAGES DEVICES}: publishes QoS1 telemetry from DEVICES Paho clients and prints the rate from the
 * first publish to the last acknowledgement. The ./run script puts the two together, each broker in its own JVM.
 */
public final class EndpointComparison {
    private EndpointComparison() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "broker" -> broker(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            case "publish" -> publish(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("broker|publish");
        }
    }

    private static void broker(String kind, int port, Path dir) throws Exception {
        if (kind.equals("moquette")) {
            Properties properties = new Properties();
            properties.setProperty("host", "127.0.0.1");
            properties.setProperty("port", Integer.toString(port));
            properties.setProperty("persistence_enabled", "false");
            properties.setProperty("telemetry_enabled", "false"); // it phones home otherwise
            properties.setProperty("data_path", dir.toString());
            properties.setProperty("allow_anonymous", "true");
            new Server().startServer(new MemoryConfig(properties));
        } else {
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), "<hivemq><listeners><tcp-listener><port>" + port
                    + "</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>"
                    + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics></hivemq>");
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dir.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions"))).build();
            hivemq.start().join();
        }
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void publish(String url, long messages, int devices) throws Exception {
        List<MqttAsyncClient> clients = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            MqttAsyncClient client = new MqttAsyncClient(url, "compare-" + i, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(10_000);
            clients.add(client);
        }
        IMqttDeliveryToken[] last = new IMqttDeliveryToken[devices];
        long start = System.nanoTime();
        for (long n = 0; n < messages; n++) {
            int d = (int) (n % devices);
            byte[] payload = ("{\"ts\":" + System.currentTimeMillis() + ",\"temperature\":21.5,\"seq\":" + n + "}")
                    .getBytes(StandardCharsets.US_ASCII);
            while (true) {
                try {
                    last[d] = clients.get(d).publish("devices/bench-" + d + "/telemetry", payload, 1, false);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
        }
        for (IMqttDeliveryToken token : last) {
            token.waitForCompletion(60_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RATE %.0f%n", messages / seconds);
        for (MqttAsyncClient client : clients) {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
