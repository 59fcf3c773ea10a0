package dev.flotilla.testkit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser toolchain itself: Selenium starts Debian's headless Chromium through its chromedriver, loads a page
 * from a JDK HTTP server on 127.0.0.1, clicks a button whose script changes a text, and saves a screenshot.
 */
class HeadlessBrowserIT {
    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>toolchain</title></head>
            <body>
              <p id="greeting">before</p>
              <button id="go" onclick="document.getElementById('greeting').textContent = 'after ' + (1 + 1)">go</button>
            </body></html>
            """;
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        server.createContext("/", ex -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void loadsAPageClicksAndTakesAScreenshot() throws IOException {
        Path dir = Path.of("target", "screenshots", "toolchain");
        try (HeadlessBrowser browser = HeadlessBrowser.start(dir)) {
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(browser.driver().getTitle()).isEqualTo("toolchain");
            assertThat(browser.driver().findElement(By.id("greeting")).getText()).isEqualTo("before");

            browser.driver().findElement(By.id("go")).click();
            browser.await(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("greeting")).getText().equals("after 2"));

            Path shot = browser.screenshot("clicked");
            assertThat(shot).exists().startsWith(dir);
            byte[] png = Files.readAllBytes(shot);
            assertThat(png.length).isGreaterThan(1000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).as("PNG signature").isEqualTo("PNG");
        }
    }
}
