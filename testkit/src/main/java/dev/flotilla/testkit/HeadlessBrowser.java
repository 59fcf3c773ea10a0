package dev.flotilla.testkit;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven through Selenium, for the tests (and benchmarks) of pages Flotilla serves.
 * It always runs Debian's {@code /usr/bin/chromium} through {@code /usr/bin/chromedriver} (both set explicitly, so
 * Selenium Manager never looks for or downloads a driver), with a fresh profile in a temporary folder and the
 * flags that keep a root, offline Chromium from reaching out to Google. Screenshots go to a folder the test
 * chooses. {@link #close()} ends the browser and the driver and deletes the profile.
 */
public final class HeadlessBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("FLOTILLA_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("FLOTILLA_CHROMEDRIVER", "/usr/bin/chromedriver"));

    /**
     * The flags every run needs: headless, root (no sandbox), no GPU, and nothing that phones home. No
     * back/forward cache either: a page the test navigates away from is gone, with its open connections (Chromium
     * would otherwise keep it, and a page's event stream, alive for a while).
     */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--no-default-browser-check", "--disable-back-forward-cache",
            "--window-size=1600,1000");
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium version: true, and unused
     * (the tests speak WebDriver only). Held strongly so java.util.logging keeps the level.
     */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path home;
    private final Path screenshots;
    private int shots;

    private HeadlessBrowser(ChromeDriverService service, ChromeDriver driver, Path home, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.home = home;
        this.screenshots = screenshots;
    }

    /**
     * Fails the calling test unless Chromium and its driver are installed. Never skips: a run without a browser
     * (on CI, where {@code CI=true}, or anywhere else) is red, with the command that fixes it.
     */
    public static void require() {
        String problem = problem();
        if (problem != null) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            throw new AssertionError(problem + " Install them with ./scripts/test (it runs scripts/browser.sh), or as root:"
                    + " apt-get install chromium chromium-driver. Tests that need a browser never skip"
                    + (ci ? " (CI=true)." : "."));
        }
    }

    public static boolean available() {
        return problem() == null;
    }

    private static String problem() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        return missing.isEmpty() ? null : "No headless browser: " + String.join(" and ", missing)
                + (missing.size() == 1 ? " is" : " are") + " missing.";
    }

    /** Starts a browser whose screenshots are written under {@code screenshotDir} (created if needed). */
    public static HeadlessBrowser start(Path screenshotDir) {
        return start(screenshotDir, false);
    }

    /**
     * As {@link #start(Path)}; with {@code acceptUntrustedCertificates}, HTTPS pages whose certificate chains to a
     * CA the browser does not know (a cluster's own CA) load anyway. Tests that use it check the chain themselves.
     */
    public static HeadlessBrowser start(Path screenshotDir, boolean acceptUntrustedCertificates) {
        require();
        Path home;
        try {
            Files.createDirectories(screenshotDir);
            home = Files.createTempDirectory("flotilla-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + home.resolve("profile"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        options.setAcceptInsecureCerts(acceptUntrustedCertificates);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(home.resolve("chromedriver.log").toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessBrowser(service, driver, home, screenshotDir);
        } catch (RuntimeException e) {
            String log = read(home.resolve("chromedriver.log"));
            service.stop();
            deleteTree(home);
            throw new AssertionError("Chromium did not start through " + CHROMEDRIVER + ": " + e.getMessage()
                    + "\nchromedriver log (tail):\n" + tail(log, 40), e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * A wait that polls every 50 ms; use it with {@code ExpectedConditions} or a lambda. An element that is gone
     * (not found yet, or replaced by a re-render between finding it and reading it) counts as "not yet".
     */
    public WebDriverWait await(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(50));
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * Saves the current window as {@code <dir>/<NN>-<name>.png} (NN counts this browser's screenshots, so the files
     * sort in the order they were taken) and returns the file.
     */
    public Path screenshot(String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, name.replaceAll("[^A-Za-z0-9._-]", "_")));
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** What the page logged to its console so far (drained), one line per entry, for failure messages. */
    public String consoleLog() {
        try {
            StringBuilder b = new StringBuilder();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                b.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
            }
            return b.toString();
        } catch (RuntimeException e) {
            return "<console log unavailable: " + e.getMessage() + ">";
        }
    }

    /** The driver's own log so far (its tail), for failure messages. */
    public String driverLog() {
        return tail(read(home.resolve("chromedriver.log")), 60);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // the browser is already gone; the service stop below ends the driver process
        } finally {
            service.stop();
            deleteTree(home);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + p + ": " + e + ">";
        }
    }

    private static String tail(String text, int lines) {
        List<String> l = text.lines().toList();
        return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Chromium may still be writing its profile while exiting; a leftover temp folder is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // same
        }
    }
}
