package io.ego.samples.bank;

import java.util.List;

import io.ego.core.EgoEngine;
import io.ego.core.projection.EventEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's live page ({@code /live/index.html}) in headless Chromium: it subscribes
 * to the journal's events over WebSocket ({@code /ego/events}) and renders every event
 * the bank writes, in journal position order, and one opened with {@code ?after=N} starts
 * right after position {@code N}. Skipped, saying why, where no Chromium is installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:live-${random.uuid};DB_CLOSE_DELAY=-1")
class LiveEventsBrowserTests {

	private static WebDriver driver;

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	private BankApi api;

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void signIn() {
		if (driver == null) {
			driver = ConsoleBrowser.start();
		}
		this.api = new BankApi(this.port);
		ConsoleBrowser.signIn(driver, this.port);
	}

	@Test
	void thePageShowsEveryEventInJournalOrderAndResumesAfterAPosition() {
		open(0);
		assertThat(this.api.open("live-1", 100)).isEqualTo(HttpStatus.OK);
		for (int i = 0; i < 4; i++) {
			assertThat(this.api.credit("live-1", 5)).isEqualTo(HttpStatus.OK);
		}
		List<EventEnvelope> journal = journalOf("account|live-1");
		assertThat(journal).hasSize(5);

		ConsoleBrowser.waitUntil(driver,
				(browser) -> rowsOf("account|live-1").size() == journal.size() ? Boolean.TRUE : null);
		assertThat(rowsOf("account|live-1")).extracting((row) -> row.getAttribute("data-position"))
			.containsExactlyElementsOf(journal.stream().map((event) -> String.valueOf(event.position())).toList());
		assertThat(rowsOf("account|live-1")).extracting((row) -> row.getAttribute("data-sequence-nr"))
			.containsExactly("1", "2", "3", "4", "5");
		assertThat(rowsOf("account|live-1").get(1).getText()).contains("AccountCredited");
		ConsoleBrowser.screenshot(driver, "live-events");

		// a page opened after the second event's position starts right after it
		long second = journal.get(1).position();
		open(second);
		ConsoleBrowser.waitUntil(driver, (browser) -> rowsOf("account|live-1").size() == 3 ? Boolean.TRUE : null);
		assertThat(rowsOf("account|live-1")).extracting((row) -> row.getAttribute("data-sequence-nr"))
			.containsExactly("3", "4", "5");
		assertThat(driver.findElements(By.cssSelector("#events tbody tr")))
			.allSatisfy((row) -> assertThat(Long.parseLong(row.getAttribute("data-position"))).isGreaterThan(second));
	}

	private void open(long after) {
		driver.get("http://127.0.0.1:" + this.port + "/live/index.html?after=" + after);
		ConsoleBrowser.waitUntil(driver,
				ExpectedConditions.attributeToBe(By.tagName("body"), "data-subscribed", "true"));
	}

	private static List<WebElement> rowsOf(String persistenceId) {
		return driver.findElements(By.cssSelector("#events tbody tr[data-persistence-id='" + persistenceId + "']"));
	}

	private List<EventEnvelope> journalOf(String persistenceId) {
		return this.engine.journalReader()
			.eventsAfter(0, 10_000)
			.events()
			.stream()
			.filter((event) -> event.persistenceId().equals(persistenceId))
			.toList();
	}

}
