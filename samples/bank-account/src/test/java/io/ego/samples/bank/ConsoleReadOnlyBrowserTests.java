package io.ego.samples.bank;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser when the Actuator's {@code ego} endpoint is read-only:
 * the page says so and offers no action (the endpoint would not map them). Skipped where
 * no Chromium is installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:console-read-only-${random.uuid};DB_CLOSE_DELAY=-1",
				"management.endpoint.ego.access=read-only" })
class ConsoleReadOnlyBrowserTests {

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void startBrowser() {
		if (driver == null) {
			// skips the test, saying why, where no Chromium is installed
			driver = ConsoleBrowser.start();
		}
	}

	@Test
	void pageSaysTheActuatorIsReadOnlyAndOffersNoActions() {
		assertThat(new BankApi(this.port).open("read-only-1", 10)).isEqualTo(HttpStatus.OK);
		ConsoleBrowser.signIn(driver, this.port);
		ConsoleBrowser.open(driver, "projections");
		ConsoleBrowser.waitUntil(driver, ExpectedConditions.visibilityOfElementLocated(By.id("read-only")));
		assertThat(driver.findElement(By.id("read-only")).getText()).contains("Read-only")
			.contains("management.endpoint.ego.access=unrestricted");
		ConsoleBrowser.waitUntil(driver, ExpectedConditions
			.textToBe(By.cssSelector("tr[data-projection='account-balances'] td.state"), "running"));
		assertThat(driver.findElements(By.cssSelector("button[data-operation]"))).isEmpty();
		ConsoleBrowser.screenshot(driver, "read-only");

		ConsoleBrowser.open(driver, "entities");
		new Select(driver.findElement(By.id("entity-type"))).selectByValue("account");
		driver.findElement(By.id("entity-id")).sendKeys("read-only-1");
		driver.findElement(By.id("entity-lookup")).click();
		ConsoleBrowser.waitUntil(driver, ExpectedConditions.textToBe(By.id("entity-name"), "account|read-only-1"));
		assertThat(driver.findElement(By.id("entity-erase")).isDisplayed()).isFalse();
	}

}
