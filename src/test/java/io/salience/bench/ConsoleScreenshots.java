package io.salience.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's console screenshots from a running service, in Debian's Chromium.
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "$(cat /tmp/cp.txt)" src/test/java/io/salience/bench/ConsoleScreenshots.java \
 *     http://localhost:8080 JOB CHECKPOINT IMAGE_ID UPLOAD.png docs/console
 * </pre>
 */
public final class ConsoleScreenshots {

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "") + "/";
        String job = args[1], checkpoint = args[2], image = args[3];
        Path upload = Path.of(args[4]).toAbsolutePath();
        Path out = Path.of(args[5]);
        Files.createDirectories(out);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1150",
                "--hide-scrollbars");
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build(), options);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
        try {
            driver.get(base);
            wait.until(d -> !d.findElements(By.cssSelector("table.jobs")).isEmpty());
            shot(driver, out.resolve("jobs.png"));

            driver.get(base + "jobs/" + job);
            wait.until(d -> !d.findElements(By.cssSelector("table.epochs")).isEmpty()
                    && d.findElement(By.id("chart-steps")).getAttribute("data-points") != null);
            shot(driver, out.resolve("job.png"));

            driver.get(base + "checkpoints/" + checkpoint + "?image=" + image);
            wait.until(d -> !d.findElements(By.cssSelector("#gallery .tile")).isEmpty()
                    && !d.findElements(By.id("cam-image")).isEmpty() && loaded(d, "cam-image"));
            shot(driver, out.resolve("checkpoint.png"));

            driver.get(base + "try?checkpoint=" + checkpoint);
            driver.findElement(By.id("try-file")).sendKeys(upload.toString());
            wait.until(d -> d.findElements(By.cssSelector("#try-top li")).size() == 3 && loaded(d, "try-cam"));
            shot(driver, out.resolve("try.png"));
        } finally {
            driver.quit();
        }
    }

    private static boolean loaded(org.openqa.selenium.WebDriver driver, String id) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const i = document.getElementById(arguments[0]); return i.complete && i.naturalWidth > 0;", id));
    }

    private static void shot(ChromeDriver driver, Path file) throws Exception {
        Thread.sleep(500); // let the charts finish drawing
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        System.out.println("wrote " + file);
    }
}
