package io.ganglion.runtime.fuzz;

import io.ganglion.drivers.mqtt.EndpointSettings;
import io.ganglion.profiles.JsonTelemetryProfile;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.config.CoapConfig;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import io.ganglion.runtime.config.HttpConfig;
import io.ganglion.runtime.config.MqttConfig;
import io.ganglion.runtime.config.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A gateway for the listener fuzz tests: embedded MQTT endpoint, CoAP and HTTP on free loopback ports, a store in a
 * temporary directory, and one device per codec of the library (plus one on the generic JSON profile).
 */
final class FuzzGateway {
    /** Device id to profile: every codec of the library, and the generic JSON profile. */
    static final List<DeviceConfig> DEVICES = List.of(
            new DeviceConfig("json-1", JsonTelemetryProfile.ID),
            new DeviceConfig("bme-json-1", "bosch-bme280-json"),
            new DeviceConfig("bme-bin-1", "bosch-bme280-binary"),
            new DeviceConfig("airq-senml-1", "airq-senml-json"),
            new DeviceConfig("motor-cbor-1", "motor-vibration-cbor"),
            new DeviceConfig("energy-1", "energy-meter-modbus"),
            new DeviceConfig("relay-1", "relay-output"));

    private FuzzGateway() {
    }

    static Gateway start() throws Exception {
        Path dir = Files.createTempDirectory("gateway-fuzz");
        dir.toFile().deleteOnExit();
        GatewayConfig config = new GatewayConfig("fuzz-gw", new HttpConfig("127.0.0.1", 0),
                new MqttConfig(null, new EndpointSettings("127.0.0.1", 0, null, null)),
                new CoapConfig(null, "127.0.0.1", 0, 0, null, null, null, null, null, null, null, null),
                StoreConfig.defaults().withPath(dir.resolve("gw.db")), null, null, DEVICES, null, null);
        return Gateway.start(config, "fuzz");
    }

    /** The status code of a raw HTTP/1.1 exchange (the request is sent as given), or -1 if none came back. */
    static int exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && head.size() < 200) {
                head.write(b);
            }
            String status = head.toString(StandardCharsets.ISO_8859_1);
            // "HTTP/1.1 200 OK"
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                return -1;
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static byte[] request(String method, String target, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The sum of every sample of {@code name} (all label sets) in the gateway's Prometheus text. */
    static double metricSum(Gateway gateway, String name) {
        double sum = 0;
        for (String line : gateway.metrics().scrape().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
