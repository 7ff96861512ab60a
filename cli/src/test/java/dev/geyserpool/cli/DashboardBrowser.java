package dev.geyserpool.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium session (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) on the web dashboard, with its console and network logs, collected as
 * the test reads them (Chrome hands each log entry out once). Owned by the test thread; the test
 * that starts it quits it.
 */
final class DashboardBrowser {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A window size, and whether Chrome emulates a phone (touch, the page's viewport meta, 2x pixels). */
  record Dimensions(int width, int height, boolean phone) {}

  /** A request the page made that failed without an answer, with Chrome's reason ({@code net::ERR_...}). */
  record FailedRequest(String url, String type, String errorText) {}

  final ChromeDriver driver;
  private final List<String> consoleErrors = new ArrayList<>();
  private final List<String> requests = new ArrayList<>();
  private final Map<String, String> urlsByRequestId = new HashMap<>();
  private final List<FailedRequest> failedRequests = new ArrayList<>();
  private int webSocketsCreated;

  private DashboardBrowser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Skips the calling test when Chromium or its driver is missing. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium"
        + " package (apt-get install chromium chromium-driver; .ci/run does) to test the web dashboard in a browser");
    Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: install Debian's"
        + " chromium-driver package (apt-get install chromium-driver; .ci/run does) to test the web dashboard");
  }

  static DashboardBrowser start(Dimensions size, Path downloads) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        // Chrome's own traffic (updates, field trials, safe browsing) is not the page's; keep it off.
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--window-size=" + size.width() + "," + size.height());
    if (size.phone()) {
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", size.width(), "height", size.height(), "pixelRatio", 2.0, "touch", true)));
    }
    options.setExperimentalOption("prefs", Map.of(
        "download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new DashboardBrowser(new ChromeDriver(service, options));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  String attribute(String id, String name) {
    return driver.findElement(By.id(id)).getAttribute(name);
  }

  int count(String css) {
    return driver.findElements(By.cssSelector(css)).size();
  }

  @SuppressWarnings("unchecked")
  <T> T script(String js) {
    return (T) ((JavascriptExecutor) driver).executeScript(js);
  }

  /** Clicks the link and returns the lines of the file Chrome saved to {@code file}, which it then deletes. */
  List<String> download(WebElement link, Path file) throws IOException {
    Files.deleteIfExists(file);
    link.click();
    await("the download of " + file.getFileName()).atMost(Duration.ofSeconds(10))
        .until(() -> Files.isRegularFile(file) && !Files.exists(file.resolveSibling(file.getFileName() + ".crdownload")));
    Path copy = Files.move(file, file.resolveSibling("read-" + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    List<String> lines = Files.readAllLines(copy, StandardCharsets.UTF_8);
    Files.delete(copy);
    return lines;
  }

  void screenshot(Path to) {
    try {
      Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the screenshot " + to, e);
    }
  }

  /**
   * The console errors (SEVERE) Chrome logged since the last call, which it hands out once; the
   * network log read on the way stays for {@link #assertStayedOnOrigin} and {@link #failedRequests()}.
   */
  List<String> takeConsoleErrors() {
    drainLogs();
    List<String> taken = List.copyOf(consoleErrors);
    consoleErrors.clear();
    return taken;
  }

  /** How many WebSockets the page opened or tried to open so far. */
  int webSocketsCreated() {
    drainLogs();
    return webSocketsCreated;
  }

  /** Every request of the page that failed without an answer so far (refused, reset), oldest first. */
  List<FailedRequest> failedRequests() {
    drainLogs();
    return List.copyOf(failedRequests);
  }

  /** Reads the logs Chrome holds since the last read into the lists. */
  private void drainLogs() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        consoleErrors.add(entry.getMessage());
      }
    }
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
          case "Network.requestWillBeSent" -> {
            String url = params.path("request").path("url").asText();
            requests.add(url);
            urlsByRequestId.put(params.path("requestId").asText(), url);
          }
          case "Network.webSocketCreated" -> {
            String url = params.path("url").asText();
            requests.add(url);
            urlsByRequestId.put(params.path("requestId").asText(), url);
            webSocketsCreated++;
          }
          case "Network.loadingFailed" -> failedRequests.add(new FailedRequest(
              urlsByRequestId.getOrDefault(params.path("requestId").asText(), "?"), params.path("type").asText(),
              params.path("errorText").asText()));
          default -> { }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Chrome's performance log entry is no JSON: " + entry.getMessage(), e);
      }
    }
  }

  /**
   * No console error, and every request the page made went to {@code origin} (or stayed in the
   * page as data: or blob:); the page's own loads must be among them, so an empty log fails.
   */
  void assertStayedOnOrigin(String origin) {
    assertStayedOnOrigin(origin, message -> false);
  }

  /** As {@link #assertStayedOnOrigin(String)}, with the console errors that {@code expected} accepts let through. */
  void assertStayedOnOrigin(String origin, Predicate<String> expected) {
    List<String> errors = takeConsoleErrors().stream().filter(expected.negate()).toList();
    String ws = origin.replaceFirst("^http:", "ws:");
    SoftAssertions page = new SoftAssertions();
    page.assertThat(requests).as("requests the page made")
        .allSatisfy(url -> assertThat(url.startsWith(origin + "/") || url.startsWith(ws + "/")
            || url.startsWith("data:") || url.startsWith("blob:")).as("request to %s", url).isTrue())
        .contains(origin + "/", origin + "/dashboard.js", origin + "/dashboard.css",
            origin + "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
            origin + "/api/grpc-pool/metrics/series?period=30m",
            origin + "/api/grpc-pool/metrics/history?period=2h",
            ws + "/api/grpc-pool/metrics/live");
    page.assertThat(errors).as("console errors").isEmpty();
    page.assertAll();
  }

  void quit() {
    driver.quit();
  }
}
