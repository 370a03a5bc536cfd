package io.ganglion.runtime.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ganglion.runtime.doctor.CheckResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPIO check, with a temporary directory standing in for /dev (this machine has no GPIO hardware); the file
 * checks on it are the real ones.
 */
class DoctorGpioTest {
    @TempDir
    Path dir;

    private DoctorContext relaySite() {
        return new DoctorSite(dir).with("devices", "\n  - id: pump-relay\n    profile: gpio-relay").load();
    }

    private List<CheckResult> check(DoctorContext context, Path dev) throws Exception {
        return new GpioCheck(context.config(), context.profiles(), dev).run();
    }

    @Test
    void a_device_on_gpio_without_any_gpiochip_is_a_FAIL_naming_the_device_and_the_mock_pins() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("null"));

        CheckResult result = check(relaySite(), dev).get(0);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.found()).isEqualTo("no " + dev.resolve("gpiochip*") + " on this machine, but 1 device"
                + " uses GPIO (pump-relay): the gateway would drive them on Pi4J's mock pins, wired to nothing");
    }

    @Test
    void a_gpiochip_the_user_cannot_write_is_a_FAIL_naming_owner_group_and_mode() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path chip = Files.createFile(dev.resolve("gpiochip0"));
        Files.setPosixFilePermissions(chip, PosixFilePermissions.fromString("r--r-----"));
        // root passes every permission check; the immutable attribute still denies it writing.
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(run("chattr", "+i", chip.toString()), "running as root, and chattr +i (e2fsprogs, a file"
                    + " system with attributes, CAP_LINUX_IMMUTABLE) is not available here: root may write any file"
                    + " that has no immutable attribute, so no unwritable gpiochip can be made");
        }
        try {
            CheckResult result = check(relaySite(), dev).get(0);

            assertThat(result.status()).isEqualTo(Status.FAIL);
            assertThat(result.found()).startsWith(chip + " is not writable by user "
                    + System.getProperty("user.name") + " (r--r-----");
            assertThat(result.fix()).contains("usermod -aG");
        } finally {
            if (root) {
                run("chattr", "-i", chip.toString()); // else the temporary directory cannot be deleted
            }
        }
    }

    @Test
    void a_readable_and_writable_gpiochip_passes() throws Exception {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Path chip = Files.createFile(dev.resolve("gpiochip0"));

        assertThat(check(relaySite(), dev)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.found()).startsWith(chip + " is readable and writable by user ");
        });
    }

    @Test
    void without_devices_on_gpio_nothing_is_required() throws Exception {
        DoctorContext context = new DoctorSite(dir).load();

        assertThat(check(context, dir.resolve("no-dev"))).containsExactly(
                CheckResult.ok("gpio", "no declared device uses GPIO"));
    }

    /** Whether the command ran and succeeded; false also when it is not installed. */
    private static boolean run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
