package dev.vigil.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Debian Chromium driven through its own chromedriver ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}, packages {@code chromium} and {@code chromium-driver}), so that
 * Selenium Manager never looks for or downloads a browser. Missing binaries skip the test locally
 * and fail it in CI ({@code CI=true}, where bin/test installs them). A fresh profile directory per
 * browser, removed on close. Not thread-safe: one test thread.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("vigil.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("vigil.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("w5-ui-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
    }

    /** A browser, or the test skipped (failed in CI) when Chromium or chromedriver is not installed. */
    static HeadlessChromium open(int width, int height) throws IOException {
        for (String bin : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(bin))) {
                String msg = bin + " not found: the browser tests of the web UI need the Debian packages chromium and"
                        + " chromium-driver (apt-get install chromium chromium-driver; bin/test installs them)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(msg);
                }
                Assumptions.abort(msg);
            }
        }
        // Never let Selenium Manager reach the network: the driver and browser paths are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        return new HeadlessChromium(width, height);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The page's console messages so far (to explain a failure). */
    String console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                .collect(Collectors.joining("\n"));
    }

    /** Writes a PNG screenshot of the window to {@code file}. */
    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
