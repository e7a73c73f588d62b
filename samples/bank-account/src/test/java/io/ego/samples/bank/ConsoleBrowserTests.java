package io.ego.samples.bank;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ego.core.EgoEngine;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityState;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.saga.SagaStatus;
import io.ego.core.store.DeadLetter;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.Account;
import io.ego.samples.bank.balance.BalanceProjection;
import io.ego.samples.bank.statement.StatementProjection;
import io.ego.spring.annotation.ProjectionHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The operator console in a real browser (headless Chromium driven by Selenium) against
 * the sample on a random port, signed in as its operator: the projections page shows the
 * lag the engine reports, pausing from the page pauses the projection, a blue/green
 * rebuild from it switches to the next version, a dead letter retried from the page is
 * handled and disappears, an entity looked up shows the state the engine returns, erasing
 * it needs its id typed, a saga instance shows its status, a write without the session's
 * CSRF token is refused. Each page is saved as a screenshot under
 * {@code target/console-screenshots/}. Skipped where no Chromium and chromedriver are
 * installed ({@code apt-get install -y chromium chromium-driver}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:console-${random.uuid};DB_CLOSE_DELAY=-1",
				"ego.projections." + ConsoleBrowserTests.FLAKY + ".recovery.policy=skip" })
class ConsoleBrowserTests {

	static final String FLAKY = "console-flaky";

	private static WebDriver driver;

	private static String signedInTo;

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
			// skips each test, saying why, where no Chromium is installed
			driver = ConsoleBrowser.start();
		}
		this.api = new BankApi(this.port);
		String base = "http://127.0.0.1:" + this.port;
		if (!base.equals(signedInTo)) {
			ConsoleBrowser.signIn(driver, this.port);
			signedInTo = base;
		}
		open("projections");
	}

	@Test
	void projectionsPageShowsTheLagTheEngineReportsAfterWrites() {
		this.engine.projections().pause(StatementProjection.NAME);
		try {
			assertThat(this.api.open("lagging-1", 100)).isEqualTo(HttpStatus.OK);
			for (int i = 0; i < 4; i++) {
				assertThat(this.api.credit("lagging-1", 5)).isEqualTo(HttpStatus.OK);
			}
			await().atMost(ConsoleBrowser.WAIT)
				.until(() -> this.engine.projections().status(StatementProjection.NAME).lagEvents() == 5);
			await().atMost(ConsoleBrowser.WAIT)
				.until(() -> this.engine.projections().status(BalanceProjection.NAME).lagEvents() == 0);

			waitUntil(ExpectedConditions.textToBe(cell(StatementProjection.NAME, "lag-events"), "5"));
			waitUntil(ExpectedConditions.textToBe(cell(StatementProjection.NAME, "state"), "paused"));
			waitUntil(ExpectedConditions.textToBe(cell(BalanceProjection.NAME, "lag-events"), "0"));
			String instance = this.engine.instanceId();
			waitUntil((page) -> {
				String workers = page.findElement(cell(StatementProjection.NAME, "workers")).getText();
				return workers.contains("lag 5 events") && workers.contains("on " + instance);
			});
			// the sparkline draws the page's samples: a few at the lag of 5, after those
			// taken before the writes
			String spark = "tr[data-projection='" + StatementProjection.NAME + "'] td.spark svg ";
			waitUntil((page) -> page.findElement(By.cssSelector(spark + "polyline"))
				.getAttribute("points")
				.split(" ").length >= 4);
			waitUntil((page) -> page.findElement(By.cssSelector(spark + "title"))
				.getAttribute("textContent")
				.endsWith(": 5 events"));
			screenshot("projections");
		}
		finally {
			this.engine.projections().resume(StatementProjection.NAME);
		}
		waitUntil(ExpectedConditions.textToBe(cell(StatementProjection.NAME, "lag-events"), "0"));
	}

	@Test
	void pausingFromThePageAsksForConfirmationThenPausesTheProjection() {
		try {
			waitUntil(ExpectedConditions.textToBe(cell(BalanceProjection.NAME, "state"), "running"));
			driver.findElement(operation(BalanceProjection.NAME, "pause")).click();
			WebElement dialog = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
			assertThat(dialog.findElement(By.id("confirm-text")).getText())
				.contains("Pause '" + BalanceProjection.NAME + "' on every instance")
				.contains("stops updating");
			screenshot("projections-confirm-pause");
			// cancelling does nothing
			driver.findElement(By.id("confirm-cancel")).click();
			waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
			assertThat(this.engine.projections().status(BalanceProjection.NAME).state())
				.isEqualTo(ProjectionStatus.State.RUNNING);

			driver.findElement(operation(BalanceProjection.NAME, "pause")).click();
			waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
			driver.findElement(By.id("confirm-ok")).click();
			await().atMost(ConsoleBrowser.WAIT)
				.until(() -> this.engine.projections().status(BalanceProjection.NAME).state(),
						(state) -> state == ProjectionStatus.State.PAUSED);
			waitUntil(ExpectedConditions.textToBe(cell(BalanceProjection.NAME, "state"), "paused"));
			assertThat(driver.findElement(By.id("notice")).getText())
				.isEqualTo("'" + BalanceProjection.NAME + "' is paused after pause.");
		}
		finally {
			this.engine.projections().resume(BalanceProjection.NAME);
		}
	}

	@Test
	void blueGreenRebuildFromThePageBuildsTheNextVersionAndSwitchesOver() {
		assertThat(this.api.open("rebuilt-bg-1", 10)).isEqualTo(HttpStatus.OK);
		int active = this.engine.projections().activeVersion(StatementProjection.NAME);
		waitUntil(ExpectedConditions.textToBe(cell(StatementProjection.NAME, "version"), "v" + active));

		driver.findElement(operation(StatementProjection.NAME, "rebuild")).click();
		waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		// the confirmation names what happens, for the mode chosen
		assertThat(driver.findElement(By.id("confirm-text")).getText())
			.startsWith("Rebuild '" + StatementProjection.NAME + "' in place, from the beginning?")
			.contains("the read model empties and refills");
		new Select(driver.findElement(By.id("confirm-mode"))).selectByValue("blue-green");
		assertThat(driver.findElement(By.id("confirm-text")).getText())
			.startsWith("Build version " + (active + 1) + " of '" + StatementProjection.NAME
					+ "' beside the active version " + active)
			.contains("from the beginning");
		screenshot("projections-confirm-rebuild");
		driver.findElement(By.id("confirm-ok")).click();

		await().atMost(ConsoleBrowser.WAIT)
			.until(() -> this.engine.projections().activeVersion(StatementProjection.NAME) == active + 1);
		waitUntil(ExpectedConditions.textToBe(cell(StatementProjection.NAME, "version"), "v" + (active + 1)));
		// the statement, idempotent by position, has the account's line once
		assertThat(this.api.list("/accounts/rebuilt-bg-1/statement")).hasSize(1);
	}

	@Test
	void writeFromTheSignedInBrowserWithoutTheCsrfTokenIsRefused() {
		// the page's own calls carry the token (the other tests); a forged one, with the
		// session cookie but without
		// the token, is refused before it reaches the endpoint
		Object status = ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/actuator/ego/projections/account-balances', { method: 'POST', credentials: 'same-origin',
					headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ operation: 'pause' }) })
					.then((response) => done(response.status), (error) => done(String(error)));
				""");
		assertThat(status).isEqualTo(403L);
		assertThat(this.engine.projections().status(BalanceProjection.NAME).state())
			.isEqualTo(ProjectionStatus.State.RUNNING);
	}

	@Test
	void deadLetterRetriedFromThePageIsHandledAndDisappears() {
		FlakyProjection.failing.set(true);
		assertThat(this.api.open("poison-1", 42)).isEqualTo(HttpStatus.OK);
		List<DeadLetter> letters = await().atMost(ConsoleBrowser.WAIT)
			.until(() -> this.engine.projections().deadLetters(FLAKY, 10), (found) -> found.size() == 1);
		DeadLetter letter = letters.get(0);
		FlakyProjection.failing.set(false);

		open("dead-letters");
		new Select(driver.findElement(By.id("dl-projection"))).selectByValue(FLAKY);
		By row = By.cssSelector("tr[data-dead-letter='" + letter.id() + "']");
		WebElement shown = waitUntil(ExpectedConditions.visibilityOfElementLocated(row));
		// the event decoded through its descriptor, the error, the entity
		assertThat(shown.getText()).contains("account|poison-1")
			.contains("ego.samples.bank.AccountOpened")
			.contains("\"id\": \"poison-1\"")
			.contains("\"initialBalance\": 42")
			.contains("poison account poison-1");
		screenshot("dead-letters");

		shown.findElement(By.cssSelector("button[data-operation='retry']")).click();
		waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(driver.findElement(By.id("confirm-text")).getText()).contains("to '" + FLAKY + "' again");
		driver.findElement(By.id("confirm-ok")).click();
		waitUntil(ExpectedConditions.invisibilityOfElementLocated(row));
		assertThat(driver.findElement(By.id("notice")).getText())
			.isEqualTo("Dead letter " + letter.id() + " handled and deleted.");
		assertThat(this.engine.projections().deadLetters(FLAKY, 10)).isEmpty();
		assertThat(FlakyProjection.handled).contains("account|poison-1");
	}

	@Test
	void entityLookupShowsTheStateTheEngineReturns() {
		assertThat(this.api.open("looked-up-1", 100)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.credit("looked-up-1", 25)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.debit("looked-up-1", 7)).isEqualTo(HttpStatus.OK);
		EntityState<Account> state = this.engine.entity(AccountBehavior.class, "looked-up-1").state();

		open("entities");
		new Select(driver.findElement(By.id("entity-type"))).selectByValue("account");
		driver.findElement(By.id("entity-id")).sendKeys("looked-up-1");
		driver.findElement(By.id("entity-lookup")).click();
		waitUntil(ExpectedConditions.textToBe(By.id("entity-name"), "account|looked-up-1"));
		assertThat(driver.findElement(By.id("entity-revision")).getText()).isEqualTo(String.valueOf(state.revision()));
		assertThat(driver.findElement(By.id("entity-state-type")).getText()).isEqualTo("ego.samples.bank.Account");
		assertThat(driver.findElement(By.id("entity-state")).getText())
			.contains("\"id\": \"" + state.state().getId() + "\"")
			.contains("\"balance\": " + state.state().getBalance())
			.contains("\"open\": " + state.state().getOpen());
		assertThat(state.state().getBalance()).isEqualTo(118);
		List<WebElement> events = driver.findElements(By.cssSelector("#entity-events-table tbody tr"));
		assertThat(events).hasSize(3);
		assertThat(events.get(0).getText()).contains("ego.samples.bank.AccountOpened")
			.contains("\"initialBalance\": 100");
		assertThat(events.get(2).getText()).contains("ego.samples.bank.AccountDebited").contains("\"amount\": 7");
		screenshot("entities");

		driver.findElement(By.id("entity-id")).clear();
		driver.findElement(By.id("entity-id")).sendKeys("never-opened");
		driver.findElement(By.id("entity-lookup")).click();
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "no entity 'never-opened'"));
	}

	@Test
	void erasingFromThePageNeedsTheIdTypedThenErasesTheEntity() {
		assertThat(this.api.open("erased-1", 10)).isEqualTo(HttpStatus.OK);
		open("entities");
		new Select(driver.findElement(By.id("entity-type"))).selectByValue("account");
		driver.findElement(By.id("entity-id")).sendKeys("erased-1");
		driver.findElement(By.id("entity-lookup")).click();
		waitUntil(ExpectedConditions.textToBe(By.id("entity-name"), "account|erased-1"));

		driver.findElement(By.id("entity-erase")).click();
		waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(driver.findElement(By.id("confirm-text")).getText())
			.contains("Erase entity 'erased-1' of type 'account'")
			.contains("cannot be undone");
		WebElement ok = driver.findElement(By.id("confirm-ok"));
		assertThat(ok.isEnabled()).isFalse();
		driver.findElement(By.id("confirm-input")).sendKeys("erased-");
		assertThat(ok.isEnabled()).isFalse();
		driver.findElement(By.id("confirm-input")).sendKeys("1");
		assertThat(ok.isEnabled()).isTrue();
		screenshot("entities-confirm-erase");
		ok.click();
		waitUntil(ExpectedConditions.textToBe(By.id("notice"), "account|erased-1 erased up to sequence number 1."));
		assertThatExceptionOfType(EntityErasedException.class)
			.isThrownBy(() -> this.engine.entity(AccountBehavior.class, "erased-1").state());
	}

	@Test
	void sagaInstanceShowsItsStatusAndHistory() {
		assertThat(this.api.open("saga-from", 100)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.open("saga-to", 0)).isEqualTo(HttpStatus.OK);
		assertThat(this.api
			.post("/transfers", Map.of("id", "t-console", "from", "saga-from", "to", "saga-to", "amount", 30))
			.getStatusCode()
			.is2xxSuccessful()).isTrue();
		await().atMost(ConsoleBrowser.WAIT)
			.until(() -> this.engine.sagas().status("transfer", "t-console").status() == SagaStatus.COMPLETED);

		await().atMost(ConsoleBrowser.WAIT)
			.until(() -> this.engine.sagas().counts("transfer").getOrDefault(SagaStatus.COMPLETED, 0L) >= 1);

		open("sagas");
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("saga-name"), "transfer"));
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("saga-counts"), "transfer"));
		// the completed column counts what the engine counts
		String completed = String.valueOf(this.engine.sagas().counts("transfer").get(SagaStatus.COMPLETED));
		waitUntil((page) -> page.findElement(By.cssSelector("#saga-counts tbody tr td:nth-child(4)"))
			.getText()
			.equals(completed));
		new Select(driver.findElement(By.id("saga-list-status"))).selectByVisibleText("COMPLETED");
		driver.findElement(By.id("saga-list")).click();
		waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("saga-instances"), "t-console"));
		driver.findElement(By.linkText("t-console")).click();
		waitUntil(ExpectedConditions.textToBe(By.id("saga-status"), "COMPLETED"));
		assertThat(driver.findElement(By.id("saga-state")).getText()).contains("saga-from").contains("30");
		assertThat(driver.findElements(By.cssSelector("#saga-history li"))).isNotEmpty();
		screenshot("sagas");
	}

	private static void open(String page) {
		ConsoleBrowser.open(driver, page);
	}

	private static By cell(String projection, String column) {
		return By.cssSelector("tr[data-projection='" + projection + "'] td." + column);
	}

	private static By operation(String projection, String operation) {
		return By.cssSelector("tr[data-projection='" + projection + "'] button[data-operation='" + operation + "']");
	}

	private static <T> T waitUntil(ExpectedCondition<T> condition) {
		return ConsoleBrowser.waitUntil(driver, condition);
	}

	private static void screenshot(String name) {
		ConsoleBrowser.screenshot(driver, name);
	}

	/**
	 * A projection that gives up on the events of {@code poison-*} accounts while
	 * {@link #failing} is set: its recovery policy, {@code skip}, dead-letters them.
	 */
	@ProjectionHandler(FLAKY)
	static final class FlakyProjection implements Projection {

		static final AtomicBoolean failing = new AtomicBoolean();

		static final List<String> handled = new CopyOnWriteArrayList<>();

		@Override
		public void handle(EventEnvelope envelope) {
			if (envelope.entityId().startsWith("poison")) {
				if (failing.get()) {
					throw new IllegalStateException("poison account " + envelope.entityId());
				}
				handled.add(envelope.persistenceId());
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FlakyProjectionConfiguration {

		@Bean
		FlakyProjection flakyProjection() {
			return new FlakyProjection();
		}

	}

}
