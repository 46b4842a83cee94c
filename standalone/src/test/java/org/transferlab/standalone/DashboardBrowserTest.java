package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromedriver) against a running
 * embedded stack: submit a preset through the page, watch its progress advance over the live stream,
 * see the charts draw theory lines and simulation points (the preset is a sweep: a parent job whose
 * children are listed as its points), download the result, and see a bad spec
 * refused field by field. Saves {@code target/dashboard.png}. Skipped, saying why, where Chromium is not
 * installed ({@code .ci/run} installs it, so CI always runs this).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static Stack stack;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(1);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1500");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver binary is given, so Selenium Manager never tries to download one
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void submitAPresetWatchItRunAndSeeItsCharts() throws Exception {
        browser.get(stack.gatewayUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> "live".equals(d.findElement(By.id("connection")).getText()));

        wait.until(d -> d.findElements(By.cssSelector("#preset option")).size() > 1);
        new Select(browser.findElement(By.id("preset"))).selectByValue("quick-linear");
        assertThat(browser.findElement(By.id("spec")).getDomProperty("value")).contains("\"quick-linear\"");
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("submit-message")).getText().startsWith("accepted"));

        // the job panel follows the live stream: record what it shows until the job ends
        List<String> seen = new ArrayList<>();
        new WebDriverWait(browser, Duration.ofSeconds(150), Duration.ofMillis(50)).until(d -> {
            String state = d.findElement(By.id("job-state")).getText();
            String progress = d.findElement(By.id("job-progress")).getText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state + " " + progress)) {
                seen.add(state + " " + progress);
            }
            return state.equals("completed") || state.equals("failed");
        });
        assertThat(browser.findElement(By.id("job-state")).getText()).as("states seen: %s", seen).isEqualTo("completed");
        assertThat(seen).as("the page showed the job running with a partial percentage before it completed")
                .anyMatch(s -> s.matches("running [1-9][0-9]?% .*"));
        // the preset sweeps three values of target.samples: a parent job and one child job per point
        wait.until(d -> d.findElement(By.id("job-points")).getText().equals("sweep: 3 of 3 points done"));
        wait.until(d -> d.findElements(By.xpath("//table[@id='jobs']//td[contains(., 'point of')]")).size() == 3);

        // charts: test loss vs nu2 (the sweep) and vs steps (the curves), each with drawn points; nine
        // series (3 protocols x 3 methods) are more than one chart shows, so one chart per protocol
        wait.until(d -> d.findElements(By.cssSelector("#charts .chart canvas")).size() >= 6
                && !d.findElements(By.cssSelector("#charts .chart[data-panel='kernel-spectrum-target-joint']")).isEmpty());
        List<WebElement> charts = browser.findElements(By.cssSelector("#charts .chart"));
        List<String> panels = charts.stream().map(c -> c.getDomAttribute("data-panel")).toList();
        assertThat(panels).contains("test-loss-vs-nu2-scratch", "test-loss-vs-nu2-finetune", "test-loss-vs-nu2-joint",
                "test-loss-vs-steps-finetune", "preactivations-finetune");
        // the networks' kernel records: alignment A(t) of every protocol (nine series: per protocol) and the
        // spectra of the source kernel (finetune and joint, six series: one chart) and the target kernels
        assertThat(panels).contains("alignment-vs-steps-scratch", "alignment-vs-steps-joint", "kernel-spectrum-source",
                "kernel-spectrum-target-finetune", "kernel-spectrum-target-joint");
        WebElement alignment = charts.get(panels.indexOf("alignment-vs-steps-joint"));
        assertThat(alignment.getText()).contains("kernel-target alignment vs gradient-flow time", "joint, nu2=0.5 · simulation");
        assertThat(charts.get(panels.indexOf("kernel-spectrum-source")).getText())
                .contains("source kernel spectrum on the target inputs (top 20, over the trace)", "finetune, nu2=0.5 · simulation");
        for (WebElement chart : charts) {
            assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).as(chart.getDomAttribute("data-panel"))
                    .isPositive();
        }
        WebElement sweep = charts.get(panels.indexOf("test-loss-vs-nu2-finetune"));
        assertThat(Integer.parseInt(sweep.getDomAttribute("data-series"))).isEqualTo(3);
        assertThat(sweep.findElement(By.className("u-legend")).getText())
                .contains("finetune · theory", "finetune · kernel", "finetune · simulation");
        assertThat(sweep.getText()).as("axis labels").contains("nu2 = P2/D", "test loss");

        // the download links serve the result
        String json = browser.findElement(By.id("job-json")).getDomAttribute("href");
        HttpResponse<String> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).contains("\"rows\"", "\"alignmentCurve\"", "\"spectra\"");
        String series = browser.findElement(By.id("job-series")).getDomAttribute("href");
        HttpResponse<String> table = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + series)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(table.statusCode()).isEqualTo(200);
        assertThat(table.body()).startsWith("nu1,nu2,target.samples,protocol,method,series,x,value,stdErr")
                .contains(",joint,simulation,alignment,", ",finetune,simulation,sourceSpectrum,1.0,");

        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);

        // a bad spec is refused, field by field, and nothing on the page is lost
        browser.findElement(By.id("spec")).clear();
        browser.findElement(By.id("spec")).sendKeys("{\"inputDim\": -3, \"network\": {\"activation\": \"linear\"}}");
        browser.findElement(By.id("submit")).click();
        wait.until(d -> d.findElement(By.id("submit-message")).getText().contains("HTTP 400"));
        assertThat(browser.findElement(By.id("submit-errors")).getText()).contains("inputDim");
        assertThat(browser.findElements(By.cssSelector("#charts .chart"))).hasSameSizeAs(charts);

        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !e.getMessage().contains("status of 400")) // the refused submission, on purpose
                .toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }
}
