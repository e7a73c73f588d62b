package io.ego.samples.bank;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

import io.ego.core.v1.EntityErased;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The balance read model (the exactly-once {@code account-balances} projection into a
 * Spring Data JDBC repository) behind the REST API: exact after a burst of concurrent
 * commands, and emptied by a GDPR erasure after which the account answers
 * {@code 410 Gone}. On an H2 database of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:balances-${random.uuid};DB_CLOSE_DELAY=-1")
class BalanceReadModelTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	private BankApi api;

	@BeforeEach
	void createClient() {
		this.api = new BankApi(this.port);
	}

	@Test
	void balancesAreExactAfterABurstOfConcurrentCredits() throws Exception {
		int accounts = 10;
		int threads = 20;
		int creditsPerThread = 50;
		AtomicLongArray expected = new AtomicLongArray(accounts);
		AtomicLongArray events = new AtomicLongArray(accounts);
		for (int account = 0; account < accounts; account++) {
			assertThat(this.api.open("burst-" + account, 1000)).isEqualTo(HttpStatus.OK);
			expected.set(account, 1000);
			events.set(account, 1);
		}
		List<Future<List<HttpStatusCode>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int thread = 0; thread < threads; thread++) {
				int first = thread;
				answers.add(pool.submit(() -> {
					List<HttpStatusCode> statuses = new ArrayList<>();
					for (int credit = 0; credit < creditsPerThread; credit++) {
						int account = (first + credit) % accounts;
						long amount = first + 1;
						statuses.add(this.api.credit("burst-" + account, amount));
						expected.addAndGet(account, amount);
						events.incrementAndGet(account);
					}
					return statuses;
				}));
			}
		}
		for (Future<List<HttpStatusCode>> answer : answers) {
			assertThat(answer.get()).hasSize(creditsPerThread).containsOnly(HttpStatus.OK);
		}

		await().atMost(WAIT).untilAsserted(() -> {
			for (int account = 0; account < accounts; account++) {
				Map<String, Object> balance = this.api.get("/accounts/burst-" + account + "/balance").getBody();
				assertThat(balance).containsEntry("id", "burst-" + account);
				assertThat(BankApi.number(balance, "balance")).as("burst-" + account).isEqualTo(expected.get(account));
				assertThat(BankApi.number(balance, "revision")).isEqualTo(events.get(account));
			}
		});
		for (int account = 0; account < accounts; account++) {
			assertThat(this.api.entityBalance("burst-" + account)).isEqualTo(expected.get(account));
		}
		List<Long> listed = this.api.list("/balances?min=1000&limit=1000")
			.stream()
			.filter((balance) -> ((String) balance.get("id")).startsWith("burst-"))
			.map((balance) -> BankApi.number(balance, "balance"))
			.toList();
		assertThat(listed).hasSize(accounts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(listed.stream().mapToLong(Long::longValue).sum()).isEqualTo(sum(expected))
			.isEqualTo(accounts * 1000L + creditsPerThread * (long) threads * (threads + 1) / 2);
	}

	@Test
	void balancesAreListedFromTheReadModel() {
		this.api.open("list-small", 5);
		this.api.open("list-large", 5_000_000);
		await().atMost(WAIT).until(() -> this.api.readModelBalance("list-small") == 5);
		await().atMost(WAIT).until(() -> this.api.readModelBalance("list-large") == 5_000_000);

		assertThat(this.api.list("/balances?min=4000000")).extracting((balance) -> balance.get("id"))
			.containsExactly("list-large");
		assertThat(this.api.get("/accounts/nobody/balance").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.api.get("/balances?limit=0").getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
	}

	@Test
	void erasedAccountAnswersGoneAndLeavesNoReadModelRows() {
		assertThat(this.api.open("erased-1", 100)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.credit("erased-1", 50)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.put("/accounts/erased-1/limits", Map.of("maxDebit", 70)).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		await().atMost(WAIT)
			.until(() -> this.api.readModelBalance("erased-1") == 150
					&& this.api.list("/accounts/erased-1/statement").size() == 2);

		assertThat(this.api.delete("/accounts/erased-1/personal-data")).isEqualTo(HttpStatus.NO_CONTENT);

		assertThat(this.api.credit("erased-1", 1)).isEqualTo(HttpStatus.GONE);
		assertThat(this.api.debit("erased-1", 1)).isEqualTo(HttpStatus.GONE);
		assertThat(this.api.get("/accounts/erased-1").getStatusCode()).isEqualTo(HttpStatus.GONE);
		assertThat(this.api.get("/accounts/erased-1/limits").getStatusCode()).isEqualTo(HttpStatus.GONE);
		assertThat(this.api.open("erased-1", 1)).isEqualTo(HttpStatus.GONE);
		assertThat((String) this.api.post("/accounts/erased-1/credit", Map.of("amount", 1)).getBody().get("detail"))
			.contains("erased");
		// the projections read the erasure and delete the account's rows
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.api.get("/accounts/erased-1/balance").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(this.api.list("/accounts/erased-1/statement")).isEmpty();
		});
		// without encryption the events are deleted: only the erasure's tombstone is left
		// in the journal
		assertThat(this.jdbc.sql("SELECT event_type FROM ego_journal WHERE persistence_id = ?")
			.param("account|erased-1")
			.query(String.class)
			.list()).containsExactly(EntityErased.getDescriptor().getFullName());

		assertThat(this.api.delete("/accounts/erased-1/personal-data")).as("erasing again")
			.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.api.delete("/accounts/never-opened/personal-data")).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private static long sum(AtomicLongArray array) {
		long sum = 0;
		for (int i = 0; i < array.length(); i++) {
			sum += array.get(i);
		}
		return sum;
	}

}
