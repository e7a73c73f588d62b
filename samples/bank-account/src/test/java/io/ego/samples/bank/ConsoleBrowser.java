package io.ego.samples.bank;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium for the console's tests: started through the installed chromedriver
 * (the tests are skipped, saying so, where there is none), signed in as the operator,
 * pages opened and waited for, screenshots saved under
 * {@code target/console-screenshots/}.
 */
final class ConsoleBrowser {

	static final Duration WAIT = Duration.ofSeconds(20);

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	/** Where Chromium may be: {@code -Dego.test.chromium=PATH} names another. */
	private static final List<String> CHROMIUMS = (System.getProperty("ego.test.chromium") != null)
			? List.of(System.getProperty("ego.test.chromium"))
			: List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

	/** Where chromedriver is: {@code -Dego.test.chromedriver=PATH} names another. */
	private static final String CHROMEDRIVER = System.getProperty("ego.test.chromedriver", "/usr/bin/chromedriver");

	private ConsoleBrowser() {
	}

	/**
	 * Starts headless Chromium, or skips the calling tests (a JUnit assumption) where it
	 * or chromedriver is not installed.
	 */
	static WebDriver start() {
		String chromium = CHROMIUMS.stream()
			.filter((path) -> Files.isExecutable(Path.of(path)))
			.findFirst()
			.orElse(null);
		assumeTrue(chromium != null && Files.isExecutable(Path.of(CHROMEDRIVER)),
				"No Chromium and chromedriver installed (looked for " + CHROMIUMS + " and " + CHROMEDRIVER
						+ "): the console's browser tests are skipped; apt-get install -y chromium chromium-driver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1440,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	/**
	 * Opens the console as an anonymous visitor, who is sent to the sign-in form, and
	 * signs in as the operator.
	 */
	static void signIn(WebDriver driver, int port) {
		driver.manage().deleteAllCookies();
		driver.get("http://127.0.0.1:" + port + "/ego");
		waitUntil(driver, ExpectedConditions.urlContains("/login"));
		driver.findElement(By.name("username")).sendKeys(BankApi.OPERATOR);
		driver.findElement(By.name("password")).sendKeys(BankApi.OPERATOR_PASSWORD);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		waitUntil(driver, ExpectedConditions.urlContains("/ego/"));
	}

	/**
	 * Opens one of the console's pages, loaded afresh (no input left from a previous
	 * test), and waits for it to be shown.
	 */
	static void open(WebDriver driver, String page) {
		driver.navigate().to(driver.getCurrentUrl().replaceAll("#.*$", "") + "#" + page);
		driver.navigate().refresh();
		waitUntil(driver, ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
		waitUntil(driver, ExpectedConditions.visibilityOfElementLocated(By.id("page-" + page)));
	}

	/**
	 * Waits for a condition; an element that went stale meanwhile (the page re-renders
	 * its tables on every refresh) is looked up again at the next try.
	 */
	static <T> T waitUntil(WebDriver driver, ExpectedCondition<T> condition) {
		return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
	}

	static void screenshot(WebDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException("screenshot " + name + " not saved", ex);
		}
	}

}
