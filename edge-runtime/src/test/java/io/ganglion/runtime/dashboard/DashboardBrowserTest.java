package io.ganglion.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.LiveSite;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a real gateway behind a real Mosquitto, fed
 * by the simulator playing the intersection without faults, its cameras on the real model, syncing to a cloud
 * endpoint on SQLite. One site and one browser for the class. Every page must load without a console error; each
 * test saves a screenshot of its page to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final Duration PAGE = Duration.ofSeconds(20);
    /** The relay reports every 5 s; its state changes every 25 and 35 s. */
    private static final String RELAY = "signal-0001";

    private LiveSite site;
    private Browser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        site = LiveSite.start(dir);
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (site != null) {
                site.close();
            }
        }
    }

    @AfterEach
    void no_console_errors_and_no_error_banner() {
        if (browser != null) {
            assertThat(browser.consoleErrors()).as("errors in the browser console").isEmpty();
            List<WebElement> banner = all("#error");
            assertThat(banner.isEmpty() ? "" : banner.get(0).getText()).as("the page's error banner").isEmpty();
        }
    }

    private ChromeDriver open(String path) {
        ChromeDriver driver = browser.driver();
        driver.get(site.url() + path);
        return driver;
    }

    private List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    /** Last, so that its screenshot (the README's) shows a gateway that has run for a while. */
    @Test
    @Order(Integer.MAX_VALUE)
    void the_overview_shows_health_and_live_numbers() throws Exception {
        ChromeDriver driver = open("/"); // redirected to /dashboard/
        assertThat(driver.getCurrentUrl()).endsWith("/dashboard/");
        browser.waiting(PAGE).until(d -> all("#cards .card").size() == 10
                && !text("#card-ingest .sub").startsWith("0 readings"));
        browser.waiting(PAGE).until(d -> !all("#card-cameras .sub").isEmpty()
                && !text("#card-cameras .sub").startsWith("0 frames"));
        // Every MQTT device of the site (4 cameras, 4 noise meters every 10 s, the relay) has been heard.
        browser.waiting(PAGE).until(d -> Integer.parseInt(text("#card-devices .value").split(" / ")[0]) >= 9);

        assertThat(text("#card-health .value")).isEqualTo("UP");
        assertThat(text("#card-store .sub")).contains("of 1.0 GiB");
        assertThat(text("#card-devices .value")).matches("\\d+ / 13");
        // A loaded machine may drop camera frames (that card may then be red, rightly); the rest must not be.
        for (String card : List.of("health", "rejected", "store", "sync", "memory")) {
            assertThat(all("#card-" + card + ".attention")).as("the %s card marked red on a healthy site", card)
                    .isEmpty();
        }
        assertThat(all(".chart path[data-series=stored]")).hasSize(1);
        browser.screenshot("overview");
    }

    /** Guards the guard: a page that logs an error must be seen, or every other test's check would be empty. */
    @Test
    @Order(1)
    void the_console_check_sees_a_failed_request() {
        open("/dashboard/no-such-page.html");
        browser.waiting(PAGE).until(d -> !browser.consoleErrors().isEmpty());
    }

    @Test
    @Order(2)
    void the_devices_page_lists_every_device_and_searches() throws Exception {
        open("/dashboard/devices.html");
        browser.waiting(PAGE).until(d -> all("#devices tbody tr").size() == 13);
        // Once the relay has reported (every 5 s), the list (refreshed every 5 s) shows how it talks.
        browser.waiting(PAGE).until(d -> all("#devices tr[data-device=" + RELAY + "] td").get(1).getText()
                .equals("mqtt"));
        browser.screenshot("devices");

        browser.driver().findElement(By.id("search")).sendKeys("relay");
        browser.waiting(PAGE).until(d -> all("#devices tbody tr").size() == 1);
        assertThat(text("#devices tbody tr td a")).isEqualTo(RELAY);
    }

    @Test
    @Order(3)
    void a_device_page_updates_its_live_values_without_a_reload() throws Exception {
        ChromeDriver driver = open("/dashboard/device.html?id=" + RELAY);
        browser.waiting(PAGE).until(d -> !all("#metric-switches").isEmpty());
        driver.executeScript("window.notReloaded = true;");
        int before = Integer.parseInt(driver.findElement(By.id("live-status")).getAttribute("data-updates"));
        String switchesBefore = text("#metric-switches");

        // Two reports of the relay (every 5 s) arrive through the event stream.
        browser.waiting(Duration.ofSeconds(30)).until(d -> Integer.parseInt(
                d.findElement(By.id("live-status")).getAttribute("data-updates")) >= before + 4);

        assertThat(driver.executeScript("return window.notReloaded === true")).as("the page was not reloaded")
                .isEqualTo(true);
        browser.waiting(PAGE).until(d -> !text("#metric-switches").equals(switchesBefore));
        assertThat(all("#metrics .chart path")).as("a chart per metric").hasSizeGreaterThanOrEqualTo(2);
        assertThat(all("#readings tbody tr")).isNotEmpty();
        browser.screenshot("device");

        // Leaving the page gives its live stream back to the gateway.
        open("/dashboard/profiles.html");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> site.getJson("/api/v1/overview")
                .getJsonObject("live").getInteger("clients") == 0);
    }

    @Test
    @Order(4)
    void a_command_sent_from_the_form_is_checked_against_the_profile_and_acknowledged_by_the_device()
            throws Exception {
        ChromeDriver driver = open("/dashboard/device.html?id=" + RELAY);
        browser.waiting(PAGE).until(d -> !all("#command-name").isEmpty());
        new Select(driver.findElement(By.id("command-name"))).selectByValue("pulse");
        WebElement duration = driver.findElement(By.id("param-duration"));

        duration.sendKeys("50"); // the profile says 100 to 60000 ms
        driver.findElement(By.id("command-send")).click();
        assertThat(text("#param-duration-error")).contains("within [100, 60000] ms");
        assertThat(driver.findElement(By.id("command-result")).getAttribute("data-status")).isEqualTo("invalid");

        duration.clear();
        duration.sendKeys("1500");
        driver.findElement(By.id("command-send")).click();
        browser.waiting(Duration.ofSeconds(30)).until(d -> "acknowledged".equals(
                d.findElement(By.id("command-result")).getAttribute("data-status")));

        String id = driver.findElement(By.id("command-result")).getAttribute("data-command");
        JsonObject command = site.getJson("/api/v1/commands/" + id);
        assertThat(command.getString("status")).isEqualTo("acknowledged");
        assertThat(command.getString("name")).isEqualTo("pulse");
        assertThat(command.getJsonObject("parameters").getInteger("duration")).isEqualTo(1500);
        browser.waiting(PAGE).until(d -> !all("#commands tr[data-command='" + id + "'][data-status=acknowledged]")
                .isEmpty());
        browser.screenshot("device-command");
    }

    @Test
    @Order(5)
    void a_command_the_gateway_refuses_shows_the_gateways_message() throws Exception {
        ChromeDriver driver = open("/dashboard/device.html?id=" + RELAY);
        browser.waiting(PAGE).until(d -> !all("#command-name").isEmpty());
        // As if a profile reload had removed a command since the page was loaded.
        driver.executeScript("document.getElementById('command-name').append(new Option('self-destruct',"
                + " 'self-destruct'))");
        new Select(driver.findElement(By.id("command-name"))).selectByValue("self-destruct");
        driver.findElement(By.id("command-send")).click();

        browser.waiting(PAGE).until(d -> "refused".equals(
                d.findElement(By.id("command-result")).getAttribute("data-status")));
        assertThat(text("#command-result")).startsWith("Refused (404): ").contains("self-destruct");
        // The browser logs every answer that is not 2xx; that one, and only that one, is expected here.
        assertThat(browser.consoleErrors()).singleElement().asString().contains("404");
    }

    @Test
    @Order(8)
    void the_cameras_page_shows_annotated_frames_with_boxes_and_labels() throws Exception {
        ChromeDriver driver = open("/dashboard/cameras.html");
        browser.waiting(Duration.ofSeconds(30)).until(d -> !all("tr.detection").isEmpty()
                && Boolean.TRUE.equals(((ChromeDriver) d).executeScript(
                "return [...document.querySelectorAll('.frame img')].some(i => i.complete && i.naturalWidth > 0)")));

        assertThat(all("[data-camera]")).hasSize(4);
        List<String> classes = all("tr.detection").stream().map(r -> r.getAttribute("data-class")).toList();
        assertThat(classes).as("labels of the boxes drawn").isNotEmpty()
                .allMatch(c -> List.of("car", "truck", "bus", "motorcycle", "bicycle", "person").contains(c));
        // The image is the gateway's annotated frame: the detections' boxes drawn over the photo.
        String src = driver.findElement(By.cssSelector(".frame img[data-analysed-at]")).getAttribute("src");
        assertThat(src).contains("/api/v1/cameras/").contains("/frame.jpg?at=");
        browser.waiting(Duration.ofSeconds(30)).until(d -> !all("[id^=windows-] tbody tr").isEmpty());
        browser.screenshot("cameras");
    }

    @Test
    @Order(7)
    void the_sync_page_shows_acknowledged_batches() throws Exception {
        open("/dashboard/sync.html");
        // Summaries close every 10 s (plus 2 s lateness) and go out at once.
        browser.waiting(Duration.ofSeconds(40)).until(d -> !all("#batches tr[data-outcome=acked]").isEmpty());
        assertThat(text("#card-state .value")).isEqualTo("ok");
        assertThat(Long.parseLong(text("#card-batches .value").replace(",", ""))).isPositive();
        assertThat(all("#sacrificed tbody tr")).hasSize(4);
        browser.screenshot("sync");
    }

    @Test
    @Order(6)
    void the_profiles_page_shows_profiles_the_devices_using_them_and_a_refused_reload() throws Exception {
        open("/dashboard/profiles.html");
        browser.waiting(PAGE).until(d -> !all("#profiles tr[data-profile=relay-output]").isEmpty());
        WebElement relay = browser.driver().findElement(By.cssSelector("#profiles tr[data-profile=relay-output]"));
        assertThat(relay.getText()).contains(RELAY).contains("pulse(duration: int 100…60000 ms)");
        assertThat(text("#reload-card")).contains("Hot reload watches").contains("No change since start");
        assertThat(browser.driver().findElement(By.cssSelector("#profiles tr[data-profile=line-speed]")).getText())
                .contains("Example Conveyors");
        browser.screenshot("profiles");

        // A broken change to the watched directory is refused; the page says where and why.
        Path file = site.profilesDirectory().resolve("line-speed.yaml");
        replace(file, LiveSite.OWN_PROFILE.replace("range: [0, 100]", "rnage: [0, 100]"));
        org.awaitility.Awaitility.await().atMost(PAGE).until(() -> site.getJson("/api/v1/profiles")
                .getJsonObject("reload").containsKey("lastChange"));
        browser.driver().navigate().refresh();
        browser.waiting(PAGE).until(d -> !all("#reload-problems li").isEmpty());
        assertThat(text("#reload-problems")).contains("line-speed.yaml:6", "rnage");
        assertThat(all("#reload-card.attention")).hasSize(1);
        browser.screenshot("profiles-refused");

        replace(file, LiveSite.OWN_PROFILE);
        org.awaitility.Awaitility.await().atMost(PAGE).until(() -> site.getJson("/api/v1/profiles")
                .getJsonObject("reload").getJsonObject("lastChange").getBoolean("applied"));
    }

    /** As a deployment tool should: write beside, then rename over, so the gateway never reads half a file. */
    private static void replace(Path file, String text) throws Exception {
        Path beside = file.resolveSibling(file.getFileName() + ".tmp");
        java.nio.file.Files.writeString(beside, text);
        java.nio.file.Files.move(beside, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
