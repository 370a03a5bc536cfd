package io.ganglion.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.runtime.AuthSite;
import io.ganglion.runtime.Gateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard's login in a real browser, on a gateway with operators' tokens: a page without a session goes to the
 * login page, a wrong token is refused there, a read token comes back to the page and cannot send a command (the
 * form says why), log out, and an admin token can.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginBrowserTest {
    private static final Duration PAGE = Duration.ofSeconds(20);

    private Gateway gateway;
    private Browser browser;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Browser.assumeInstalled();
        gateway = AuthSite.start(dir);
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.httpPort() + path;
    }

    private void logIn(ChromeDriver driver, String token) {
        browser.waiting(PAGE).until(d -> d.getCurrentUrl().contains("/dashboard/login.html"));
        var field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("login-submit")).click();
    }

    private String sendOn(ChromeDriver driver) {
        driver.get(url("/dashboard/device.html?id=" + AuthSite.RELAY));
        browser.waiting(PAGE).until(d -> !d.findElements(By.id("command-send")).isEmpty());
        driver.findElement(By.id("command-send")).click();
        browser.waiting(PAGE).until(d -> d.findElement(By.id("command-result")).getAttribute("data-status") != null);
        return driver.findElement(By.id("command-result")).getAttribute("data-status");
    }

    @Test
    void a_read_token_logs_in_but_cannot_send_commands_and_an_admin_token_can() throws Exception {
        ChromeDriver driver = browser.driver();
        driver.get(url("/dashboard/devices.html"));
        logIn(driver, "not-a-token-0123456789");
        browser.waiting(PAGE).until(d -> d.findElement(By.id("error")).getText().contains("Not logged in (401)"));

        logIn(driver, AuthSite.READ);
        browser.waiting(PAGE).until(d -> d.getCurrentUrl().endsWith("/dashboard/devices.html"));
        browser.waiting(PAGE).until(d -> d.findElement(By.id("gateway-id")).getText().contains("viewer (read)"));
        browser.waiting(PAGE).until(d -> d.findElement(By.id("app")).getText().contains(AuthSite.RELAY));

        assertThat(sendOn(driver)).isEqualTo("refused");
        assertThat(driver.findElement(By.id("command-result")).getText())
                .startsWith("Refused (403): ").contains("admin role", "log in with an admin token");
        browser.screenshot("device-command-read-only");

        driver.findElement(By.id("logout")).click();
        logIn(driver, AuthSite.ADMIN);
        browser.waiting(PAGE).until((WebDriver d) -> d.getCurrentUrl().endsWith("/dashboard/device.html?id="
                + AuthSite.RELAY));
        assertThat(sendOn(driver)).isNotEqualTo("refused");
    }
}
