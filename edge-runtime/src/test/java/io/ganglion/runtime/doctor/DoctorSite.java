package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.drivers.testing.MosquittoBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway.yaml for the doctor's tests, written to a temporary directory and loaded by the gateway's own loader: every
 * listener on loopback on a port free when the site was made, the store under {@code data/} with a 16 MiB quota. A
 * test replaces or adds top-level sections by name.
 */
final class DoctorSite {
    final Path dir;
    final int httpPort = MosquittoBroker.freePort();
    final int mqttPort = MosquittoBroker.freePort();
    final int coapPort = freeUdpPort();
    private final Map<String, String> sections = new LinkedHashMap<>();

    DoctorSite(Path dir) {
        this.dir = dir;
        sections.put("gatewayId", " doctor-gw");
        sections.put("http", "\n  host: 127.0.0.1\n  port: " + httpPort);
        sections.put("mqtt", "\n  endpoint:\n    host: 127.0.0.1\n    port: " + mqttPort);
        sections.put("coap", "\n  host: 127.0.0.1\n  port: " + coapPort);
        // A small quota: the disk check of an all-good site must pass on a build machine with little free space.
        sections.put("store", "\n  path: " + store() + "\n  quotaBytes: 16MiB");
    }

    /** A top-level section: its body as it follows {@code name:} (a scalar after a space, or indented lines). */
    DoctorSite with(String name, String body) {
        sections.put(name, body);
        return this;
    }

    Path store() {
        return dir.resolve("data").resolve("ganglion.db");
    }

    Path write() {
        StringBuilder yaml = new StringBuilder();
        sections.forEach((name, body) -> yaml.append(name).append(':').append(body).append('\n'));
        Path file = dir.resolve("gateway.yaml");
        try {
            Files.writeString(file, yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The configuration check's outcome, which must have loaded the file. */
    DoctorContext load() {
        ConfigurationCheck.Outcome outcome = ConfigurationCheck.load(write());
        assertThat(outcome.context()).as("%s", outcome.results()).isNotNull();
        return outcome.context();
    }

    static List<CheckResult> named(List<CheckResult> results, String check) {
        return results.stream().filter(r -> r.check().equals(check)).toList();
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
