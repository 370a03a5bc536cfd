package io.ganglion.runtime.doctor;

import io.ganglion.profiles.model.DeviceProfile;
import io.ganglion.profiles.model.ProfileSet;
import io.ganglion.profiles.model.Transports;
import io.ganglion.runtime.config.DeviceConfig;
import io.ganglion.runtime.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * When declared devices use the gateway's pins: a GPIO character device ({@code /dev/gpiochip*}) must exist (without
 * one the gateway silently falls back to Pi4J's mock pins, which nothing is wired to), and each must be readable and
 * writable by the user running the check, as libgpiod opens it.
 */
final class GpioCheck implements Check {
    static final String NAME = "gpio";
    static final Path DEV = Path.of("/dev");
    private final GatewayConfig config;
    private final ProfileSet profiles;
    private final Path dev;

    /**
     * @param profiles the profiles in force, or null when they did not load
     * @param dev      where the character devices are: {@link #DEV}; tests give a directory standing in for it
     */
    GpioCheck(GatewayConfig config, ProfileSet profiles, Path dev) {
        this.config = config;
        this.profiles = profiles;
        this.dev = dev;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> run() throws IOException {
        if (profiles == null) {
            return List.of(CheckResult.warn(NAME, "not checked: the profiles did not load, so which devices use GPIO"
                    + " is not known", "fix the profiles (above) and run ganglion doctor again"));
        }
        List<String> wired = wiredDevices();
        if (wired.isEmpty()) {
            return List.of(CheckResult.ok(NAME, "no declared device uses GPIO"));
        }
        List<Path> chips = new ArrayList<>();
        if (Files.isDirectory(dev)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dev, "gpiochip*")) {
                found.forEach(chips::add);
            }
        }
        if (chips.isEmpty()) {
            return List.of(CheckResult.fail(NAME, "no " + dev.resolve("gpiochip*") + " on this machine, but "
                    + devices(wired) + " (" + String.join(", ", wired) + "): the gateway would drive"
                    + " them on Pi4J's mock pins, wired to nothing", "run the gateway on the board its devices are"
                    + " wired to, with the kernel's GPIO character device (CONFIG_GPIO_CDEV; present on Raspberry Pi"
                    + " OS and most board images)"));
        }
        chips.sort(null);
        String user = System.getProperty("user.name");
        List<CheckResult> results = new ArrayList<>();
        for (Path chip : chips) {
            boolean read = Files.isReadable(chip);
            boolean write = Files.isWritable(chip);
            if (read && write) {
                results.add(CheckResult.ok(NAME, chip + " is readable and writable by user " + user + " ("
                        + devices(wired) + ")"));
            } else {
                String lacks = !read && !write ? "readable or writable" : !read ? "readable" : "writable";
                results.add(CheckResult.fail(NAME, chip + " is not " + lacks + " by user " + user + " ("
                        + owners(chip) + ")", "add " + user + " to the group that owns it (usermod -aG "
                        + group(chip) + " " + user + ", then log in again or restart the gateway), or give that"
                        + " group rw access with a udev rule"));
            }
        }
        return results;
    }

    /** The declared devices whose fixed profile has {@code transports.gpio}, as the gateway wires them. */
    private List<String> wiredDevices() {
        List<String> wired = new ArrayList<>();
        for (DeviceConfig device : config.devices()) {
            boolean gpio = device.profile() != null && profiles.find(device.profile())
                    .map(DeviceProfile::transports).map(Transports::gpio).isPresent();
            if (gpio) {
                wired.add(device.id());
            }
        }
        return wired;
    }

    private static String devices(List<String> wired) {
        return wired.size() == 1 ? "1 device uses GPIO" : wired.size() + " devices use GPIO";
    }

    private static String owners(Path chip) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(chip, PosixFileAttributes.class);
            return PosixFilePermissions.toString(attributes.permissions()) + " " + attributes.owner().getName()
                    + ":" + attributes.group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "owner unknown: " + e.getMessage();
        }
    }

    private static String group(Path chip) {
        try {
            return Files.readAttributes(chip, PosixFileAttributes.class).group().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "gpio";
        }
    }
}
