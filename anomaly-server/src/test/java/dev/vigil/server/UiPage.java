package dev.vigil.server;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' page: a JUnit extension that opens a fresh {@link HeadlessChromium} before each
 * test and closes it after, plus the lookups and waits the tests of the web UI share. A wait that times
 * out fails with the page's error banner and console, which is what explains a failure in CI.
 * Register it on an instance field ({@code @RegisterExtension final UiPage page = new UiPage(w, h)}).
 * Not thread-safe: one test thread.
 */
final class UiPage implements BeforeEachCallback, AfterEachCallback {

    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private final int width;
    private final int height;
    private HeadlessChromium browser;

    /** A page of {@code width × height} CSS pixels. */
    UiPage(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        browser = HeadlessChromium.open(width, height);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    HeadlessChromium browser() {
        return browser;
    }

    ChromeDriver driver() {
        return browser.driver();
    }

    WebElement id(String id) {
        return driver().findElement(By.id(id));
    }

    /** Clears the field with this id and types {@code text} into it. */
    void type(String field, String text) {
        WebElement e = id(field);
        e.clear();
        e.sendKeys(text);
    }

    /** {@link #await(String, Duration, Function)} for up to 60 s. */
    <T> T await(String what, Function<WebDriver, T> until) {
        return await(what, DEFAULT_WAIT, until);
    }

    /** Waits up to {@code limit} for {@code until} to answer non-null/true; the failure shows the page's state and console. */
    <T> T await(String what, Duration limit, Function<WebDriver, T> until) {
        try {
            return new WebDriverWait(driver(), limit, Duration.ofMillis(100)).until(until);
        } catch (TimeoutException e) {
            String banner = driver().findElements(By.id("error-text")).stream().map(WebElement::getText).findFirst()
                    .orElse("");
            throw new AssertionError("timed out waiting for " + what + "; error banner: '" + banner + "'; console:\n"
                    + browser.console(), e);
        }
    }
}
