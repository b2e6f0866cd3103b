package io.salience.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointRepository;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJobRepository;
import io.salience.support.Browser;
import io.salience.support.IntegrationTest;
import io.salience.support.Jobs;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real browser against the real service: a job submitted from the form is
 * followed live to SUCCEEDED, its checkpoint's gallery is filtered from the confusion matrix, an
 * image's explanation switches method and layers in place, an upload is classified and explained,
 * and a running job is cancelled and deleted from the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends IntegrationTest {

    private static final Duration TRAINING = Duration.ofMinutes(4);
    private static final Duration UI = Duration.ofSeconds(30);

    @RegisterExtension
    final Browser browser = new Browser();

    @LocalServerPort
    int port;

    @Autowired
    TrainingJobRepository jobs;

    @Autowired
    CheckpointRepository checkpoints;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    private long trainedJob;
    private long best;

    private WebDriver open(String path) {
        WebDriver driver = browser.driver();
        driver.get("http://localhost:" + port + "/" + path);
        return driver;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    /** Whether an image finished loading a real picture. */
    private boolean loaded(WebElement img) {
        return Boolean.TRUE.equals(js("return arguments[0].complete && arguments[0].naturalWidth > 0;", img));
    }

    @Test
    @Order(1)
    void aJobSubmittedFromTheFormIsFollowedLiveToSucceeded() {
        WebDriver driver = open("");
        browser.waitUpTo(UI).until(ExpectedConditions.presenceOfElementLocated(By.id("f-epochs")));
        new Select(driver.findElement(By.id("f-recipe"))).selectByValue("fast-start");
        new Select(driver.findElement(By.id("f-dataset"))).selectByValue("cifar10");
        // The recipe's values show as placeholders.
        assertThat(driver.findElement(By.id("f-initialization-zeroInitResidual")).getText()).contains("recipe's (on)");
        assertThat(driver.findElement(By.id("f-schedule")).getText()).contains("recipe's (linear)");
        // What a recipe's null means: all images for a limit, no clipping.
        assertThat(driver.findElement(By.id("f-trainLimit")).getAttribute("placeholder")).isEqualTo("all");
        assertThat(driver.findElement(By.id("f-gradientClipNorm")).getAttribute("placeholder")).isEqualTo("off");

        // The API's validation message appears next to its field.
        driver.findElement(By.id("f-epochs")).sendKeys("0");
        driver.findElement(By.id("submit-job")).click();
        browser.waitUpTo(UI).until(d -> !d.findElement(By.id("err-epochs")).getText().isBlank());
        assertThat(text("#err-epochs")).contains("1");
        assertThat(driver.findElement(By.id("f-epochs")).getAttribute("aria-invalid")).isEqualTo("true");

        driver.findElement(By.id("f-epochs")).clear();
        driver.findElement(By.id("f-epochs")).sendKeys("1");
        driver.findElement(By.id("f-batchSize")).sendKeys("16");
        driver.findElement(By.id("f-trainLimit")).sendKeys("96");
        driver.findElement(By.id("f-testLimit")).sendKeys("40");
        new Select(driver.findElement(By.id("f-schedule"))).selectByValue("plateau");
        new Select(driver.findElement(By.id("f-initialization-whitenStem"))).selectByValue("false");
        driver.findElement(By.id("submit-job")).click();

        browser.waitUpTo(UI).until(ExpectedConditions.urlMatches("/jobs/\\d+$"));
        String url = driver.getCurrentUrl();
        trainedJob = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        js("window.stillTheSamePage = true;");
        Set<String> seen = new LinkedHashSet<>();
        browser.waitUpTo(TRAINING).until(d -> {
            String status = d.findElements(By.id("job-status")).isEmpty() ? "" : d.findElement(By.id("job-status")).getText();
            seen.add(status);
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        assertThat(text("#job-status")).isEqualTo("SUCCEEDED");
        // The epoch's point reached the curves from the event stream, without reloading the page.
        browser.waitUpTo(UI).until(d -> "1".equals(d.findElement(By.id("chart-accuracy")).getAttribute("data-points")));
        assertThat(js("return window.stillTheSamePage === true;")).isEqualTo(true);
        assertThat(driver.findElement(By.id("job-progress")).getAttribute("value")).isEqualTo("100");
        assertThat(driver.findElements(By.cssSelector("table.epochs tbody tr"))).hasSize(1);
        // The choices made in the form overrode the recipe's.
        assertThat(text("pre.json")).contains("\"schedule\" : \"plateau\"", "\"whitenStem\" : false",
                "\"zeroInitResidual\" : true");
        browser.screenshot("job");
        best = checkpoints.findByJobIdAndKind(trainedJob, CheckpointKind.BEST).orElseThrow().getId();
    }

    @Test
    @Order(2)
    void theGalleryFiltersFromTheConfusionMatrixAndAnImageIsExplainedInPlace() {
        WebDriver driver = open("jobs/" + trainedJob);
        browser.waitUpTo(UI).until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[href='checkpoints/" + best + "']")))
                .click();
        browser.waitUpTo(UI).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.confusion")));
        browser.waitUpTo(UI).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#gallery .tile")));

        WebElement cell = driver.findElement(By.cssSelector("table.confusion button.cell"));
        String count = cell.getText();
        cell.click();
        browser.waitUpTo(UI).until(d -> d.findElement(By.id("gallery-count")).getText().contains("predicted as"));
        assertThat(text("#gallery-count")).startsWith(count + " misclassified");
        assertThat(driver.findElements(By.cssSelector("#gallery .tile"))).hasSize(Integer.parseInt(count));

        driver.findElement(By.cssSelector("#gallery .tile")).click();
        browser.waitUpTo(UI).until(d -> !d.findElements(By.id("cam-image")).isEmpty() && loaded(d.findElement(By.id("cam-image"))));
        assertThat(driver.findElements(By.cssSelector("#top3 li"))).hasSize(3);
        assertThat(driver.getCurrentUrl()).matches(".*/checkpoints/" + best + "\\?image=\\d+$"); // shareable

        new Select(driver.findElement(By.id("explain-method"))).selectByValue("gradcam++");
        browser.waitUpTo(UI).until(d -> d.findElement(By.id("cam-image")).getAttribute("src").contains("method=gradcam%2B%2B")
                && loaded(d.findElement(By.id("cam-image"))));
        driver.findElement(By.cssSelector(".explain-controls input[value='layer3']")).click();
        browser.waitUpTo(UI).until(d -> d.findElement(By.id("cam-image")).getAttribute("src").contains("layer=layer3%2Clayer4")
                && loaded(d.findElement(By.id("cam-image"))));
        assertThat(new Select(driver.findElement(By.id("explain-method"))).getFirstSelectedOption().getText())
                .isEqualTo("gradcam++");
        browser.screenshot("checkpoint");
    }

    @Test
    @Order(3)
    void anUploadedImageIsClassifiedAndExplained() throws Exception {
        Path file = Files.createTempFile("upload", ".png");
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 40, 40));
        g.fillRect(0, 0, 40, 40);
        g.setColor(Color.WHITE);
        g.fillOval(10, 10, 20, 20);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());

        WebDriver driver = open("try?checkpoint=" + best);
        driver.findElement(By.id("try-file")).sendKeys(file.toAbsolutePath().toString());
        browser.waitUpTo(UI).until(d -> d.findElements(By.cssSelector("#try-top li")).size() == 3);
        browser.waitUpTo(UI).until(d -> loaded(d.findElement(By.id("try-cam"))));
        assertThat(text("#try-error")).isEmpty();
        assertThat(text("#try-top li")).endsWith("%");
        // The caption names the class the map explains: the first of the list.
        String top = text("#try-top li");
        browser.waitUpTo(UI).until(d -> !d.findElement(By.id("try-cam-caption")).getText().isBlank());
        assertThat(text("#try-cam-caption")).isEqualTo("gradcam map of " + top.substring(0, top.lastIndexOf(' ',
                top.length() - 3)));
        browser.screenshot("try");
    }

    @Test
    @Order(4)
    void aRunningJobIsCancelledAndThenDeletedFromTheTable() {
        long id = Jobs.submit(mvc, json, """
                {"epochs": 50, "batchSize": 16, "trainLimit": 160, "testLimit": 20, "seed": 5}""");
        WebDriver driver = open("jobs/" + id);
        browser.waitUpTo(UI).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-cancel-job='" + id + "']")))
                .click();
        browser.waitUpTo(UI).until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitUpTo(TRAINING).until(d -> d.findElement(By.id("job-status")).getText().equals("CANCELLED"));
        assertThat(Jobs.awaitFinished(jobs, id, TRAINING).getStatus()).isEqualTo(JobStatus.CANCELLED);
        // The ended job can be deleted from its page at once, without reloading it.
        browser.waitUpTo(UI).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".job-actions [data-delete-job='" + id + "']")));

        open("");
        browser.waitUpTo(UI).until(ExpectedConditions.presenceOfElementLocated(By.id("job-" + id)));
        assertThat(text("#job-" + id + " .badge")).isEqualTo("CANCELLED");
        browser.screenshot("jobs");
        driver.findElement(By.cssSelector("[data-delete-job='" + id + "']")).click();
        browser.waitUpTo(UI).until(ExpectedConditions.alertIsPresent()).accept();
        browser.waitUpTo(UI).until(ExpectedConditions.invisibilityOfElementLocated(By.id("job-" + id)));
        assertThat(jobs.findById(id)).isEmpty();
    }

    @Test
    @Order(5)
    void twoJobsCurvesAreOverlaid() {
        long other = Jobs.submit(mvc, json, """
                {"epochs": 2, "batchSize": 16, "trainLimit": 48, "testLimit": 20, "seed": 6}""");
        Jobs.awaitFinished(jobs, other, TRAINING);
        WebDriver driver = open("compare?jobs=" + trainedJob + "&jobs=" + other);
        browser.waitUpTo(UI).until(d -> "2".equals(d.findElement(By.id("chart-compare-accuracy")).getAttribute("data-points")));
        assertThat(driver.findElements(By.cssSelector("#chart-compare-accuracy .u-legend .u-series")))
                .extracting(WebElement::getText).containsExactly("#" + trainedJob, "#" + other);
        browser.screenshot("compare");

        // A job that does not exist is named, not drawn as an empty series.
        open("compare?jobs=" + trainedJob + "&jobs=987654");
        browser.waitUpTo(UI).until(d -> "1".equals(d.findElement(By.id("chart-compare-accuracy")).getAttribute("data-points"))
                || "2".equals(d.findElement(By.id("chart-compare-accuracy")).getAttribute("data-points")));
        assertThat(text("#flash")).contains("No such job: #987654");
        assertThat(driver.findElements(By.cssSelector("#chart-compare-accuracy .u-legend .u-series")))
                .extracting(WebElement::getText).containsExactly("#" + trainedJob);
    }
}
