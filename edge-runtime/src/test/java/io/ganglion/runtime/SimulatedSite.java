package io.ganglion.runtime;

import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.sim.plan.DeviceInfo;
import io.ganglion.sim.plan.Plan;
import io.ganglion.sim.scenario.ScenarioLoader;
import io.ganglion.sim.scenario.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A gateway's side of a simulated site: its {@code devices:} from a plan's fleet, shipped scenarios without faults. */
public final class SimulatedSite {
    private SimulatedSite() {
    }

    /** The fleet's devices as the gateway declares them (id and starting profile); GPIO devices left out. */
    public static List<DeviceConfig> devices(Plan plan) {
        List<DeviceConfig> devices = new ArrayList<>();
        for (DeviceInfo device : plan.fleet().devices()) {
            if (device.transport() != Transport.GPIO) {
                devices.add(new DeviceConfig(device.id(), device.profile().id()));
            }
        }
        return devices;
    }

    /** The text of a shipped scenario with every {@code faults:} section taken out. */
    public static String shippedWithoutFaults(String name) {
        String resource = ScenarioLoader.SHIPPED_FOLDER + "/" + name + ".yaml";
        String text;
        try (InputStream in = SimulatedSite.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped scenario " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder kept = new StringBuilder();
        int faultsIndent = -1;
        for (String line : text.split("\n", -1)) {
            int indent = line.length() - line.stripLeading().length();
            if (faultsIndent >= 0 && (line.isBlank() || indent > faultsIndent)) {
                continue;
            }
            faultsIndent = -1;
            if (line.stripLeading().startsWith("faults:")) {
                faultsIndent = indent;
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }
}
