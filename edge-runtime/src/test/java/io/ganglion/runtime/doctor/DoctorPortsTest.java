package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.profiles.testing.TestCertificates;
import io.ganglion.runtime.Gateway;
import io.ganglion.runtime.doctor.CheckResult.Status;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ports check against sockets that really hold the ports: this test's own, or a real gateway's. */
class DoctorPortsTest {
    @TempDir
    Path dir;

    @Test
    void a_tcp_port_held_by_another_program_is_a_FAIL_naming_listener_and_port() throws Exception {
        DoctorSite site = new DoctorSite(dir);
        DoctorContext context = site.load();
        try (ServerSocket taken = new ServerSocket(site.httpPort, 50, InetAddress.getLoopbackAddress())) {
            List<CheckResult> results = new PortsCheck(context).run();

            assertThat(results).filteredOn(r -> r.status() == Status.FAIL).singleElement().satisfies(r -> {
                assertThat(r.found()).isEqualTo("HTTP on 127.0.0.1:" + site.httpPort + " (TCP) is in use by another"
                        + " program (no Ganglion gateway answers on HTTP port " + site.httpPort + ")");
                assertThat(r.fix()).contains("sport = :" + site.httpPort).contains("http.port");
            });
            assertThat(results).filteredOn(r -> r.status() == Status.OK).hasSize(2);
        }
    }

    @Test
    void a_udp_port_held_by_another_program_is_a_FAIL_for_coap() throws Exception {
        DoctorSite site = new DoctorSite(dir);
        DoctorContext context = site.load();
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", site.coapPort))) {
            List<CheckResult> results = new PortsCheck(context).run();

            assertThat(results).filteredOn(r -> r.status() == Status.FAIL).singleElement().satisfies(r -> {
                assertThat(r.found()).startsWith("CoAP on 127.0.0.1:" + site.coapPort + " (UDP) is in use by another"
                        + " program");
                assertThat(r.fix()).contains("lunp").contains("coap.port");
            });
        }
    }

    @Test
    void ports_held_by_a_running_ganglion_gateway_are_warnings_naming_it() throws Exception {
        DoctorSite site = new DoctorSite(dir);
        DoctorContext context = site.load();
        try (Gateway running = Gateway.start(context.config(), context.configFile().toString())) {
            List<CheckResult> results = new PortsCheck(context).run();

            assertThat(results).hasSize(3).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(Status.WARN);
                assertThat(r.found()).contains("is in use, by the Ganglion gateway 'doctor-gw' (health ")
                        .endsWith(") already running");
                assertThat(r.fix()).contains("systemctl stop ganglion");
            });
            // A read-only look at a live store in WAL mode neither disturbs the gateway nor calls it damaged.
            assertThat(new StoreIntegrityCheck(context).run()).singleElement()
                    .satisfies(r -> assertThat(r.status()).as(r.toString()).isEqualTo(Status.OK));
        }
    }

    @Test
    void a_running_gateway_on_https_is_recognised_by_its_own_certificate() throws Exception {
        Path[] pem = TestCertificates.pem(TestCertificates.keytool(Files.createDirectories(dir.resolve("certs")),
                "gateway"));
        DoctorSite site = new DoctorSite(dir);
        DoctorContext context = site.with("http", "\n  host: 127.0.0.1\n  port: " + site.httpPort
                + "\n  tls:\n    certPath: " + pem[0] + "\n    keyPath: " + pem[1]).load();
        try (Gateway running = Gateway.start(context.config(), context.configFile().toString())) {
            CheckResult http = new PortsCheck(context).run().get(0);

            assertThat(http.status()).as(http.toString()).isEqualTo(Status.WARN);
            assertThat(http.found()).contains("by the Ganglion gateway 'doctor-gw'");
        }
    }

    @Test
    void port_0_is_not_bound_it_is_picked_at_start() throws Exception {
        DoctorContext context = new DoctorSite(dir).with("http", "\n  host: 127.0.0.1\n  port: 0").load();

        assertThat(new PortsCheck(context).run().get(0))
                .isEqualTo(CheckResult.ok("ports", "HTTP on 127.0.0.1:0 (TCP): port 0, a free port is picked at start"));
    }
}
