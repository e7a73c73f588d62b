package io.ego.samples.bank;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.Account;
import io.ego.samples.bank.api.CreditAccount;
import io.ego.samples.bank.api.OpenAccount;
import io.ego.samples.bank.balance.AccountBalance;
import io.ego.samples.bank.balance.AccountBalanceRepository;
import io.ego.samples.bank.balance.BalanceProjection;
import io.ego.samples.bank.statement.StatementProjection;
import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.AutoConfigureDataJdbc;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two read models in an {@code @EgoTest} on the application's DataSource (an H2
 * database of its own, with {@code schema.sql}) and its Spring Data JDBC repository: a
 * burst of concurrent credits, then each projection awaited by the engine's positions (no
 * polling of the read model), then exact rows. No web layer.
 */
@EgoTest(properties = "spring.datasource.url=jdbc:h2:mem:read-models-${random.uuid};DB_CLOSE_DELAY=-1")
@AutoConfigureEgoJdbc
@AutoConfigureDataJdbc
class ReadModelSliceTests {

	@Autowired
	EgoScenario scenario;

	@Autowired
	EgoEngine engine;

	@Autowired
	AccountBalanceRepository balances;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theReadModelsAreExactAfterABurstOfConcurrentCredits() {
		int accounts = 10;
		int creditsPerAccount = 100;
		for (int account = 0; account < accounts; account++) {
			this.scenario
				.send(AccountBehavior.class, "burst-" + account,
						OpenAccount.newBuilder().setInitialBalance(1000).build())
				.thenAccepted();
		}
		List<CompletableFuture<CommandReply<Account>>> replies = new ArrayList<>();
		for (int credit = 0; credit < creditsPerAccount; credit++) {
			for (int account = 0; account < accounts; account++) {
				replies.add(this.engine.entity(AccountBehavior.class, "burst-" + account)
					.ask(CreditAccount.newBuilder().setAmount(account + 1).build()));
			}
		}
		assertThat(replies).allSatisfy((reply) -> assertThat(reply.join().isAccepted()).isTrue());

		this.scenario.awaitProjection(BalanceProjection.NAME).awaitProjection(StatementProjection.NAME);

		for (int account = 0; account < accounts; account++) {
			AccountBalance balance = this.balances.findById("burst-" + account).orElseThrow();
			assertThat(balance.balance()).isEqualTo(1000L + (account + 1L) * creditsPerAccount);
			assertThat(balance.lastSequenceNr()).isEqualTo(1L + creditsPerAccount);
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM account_statement").query(Long.class).single())
			.isEqualTo(accounts * (1L + creditsPerAccount));
	}

}
