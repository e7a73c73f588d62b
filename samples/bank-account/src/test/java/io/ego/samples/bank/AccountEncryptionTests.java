package io.ego.samples.bank;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ego.samples.bank.api.AccountOpened;
import io.ego.samples.bank.balance.BalanceProjection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with encryption at rest on ({@code ego.encryption.*}, a test master key):
 * the journal holds no plaintext of an account's events while the API and the read models
 * work as before; a GDPR erasure shreds the account's data key, its commands then answer
 * {@code 410 Gone}, its read-model rows are deleted, and a rebuild reads past its
 * unreadable events. On an H2 database of its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:encrypted-${random.uuid};DB_CLOSE_DELAY=-1",
				"ego.encryption.enabled=true",
				// 32 bytes in base64, for this test only; a real one comes from `openssl
				// rand -base64 32`
				"ego.encryption.master-key=dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMtISE=" })
class AccountEncryptionTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * A value to look for in the raw journal: the account id, written in its
	 * AccountOpened event.
	 */
	private static final String CANARY = "canary-7f3a9c";

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
	void journalHoldsNoPlaintextAndAnErasedAccountIsGone() {
		assertThat(this.api.open(CANARY, 100)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.credit(CANARY, 23)).isEqualTo(HttpStatus.OK);
		assertThat(this.api.open("kept-1", 7)).isEqualTo(HttpStatus.OK);
		// the projections read the events decrypted
		await().atMost(WAIT)
			.until(() -> this.api.readModelBalance(CANARY) == 123
					&& this.api.list("/accounts/" + CANARY + "/statement").size() == 2
					&& this.api.readModelBalance("kept-1") == 7);

		List<Map<String, Object>> rows = this.jdbc
			.sql("SELECT payload, key_id FROM ego_journal WHERE persistence_id = ? ORDER BY seq_nr")
			.param("account|" + CANARY)
			.query()
			.listOfRows();
		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			assertThat(row.get("key_id")).as("data key id").isNotNull();
			assertThat(contains((byte[]) row.get("payload"), CANARY)).as("plaintext in the payload").isFalse();
		});
		// the same search finds the value in the event's plaintext encoding
		assertThat(
				contains(AccountOpened.newBuilder().setId(CANARY).setInitialBalance(100).build().toByteArray(), CANARY))
			.isTrue();

		assertThat(this.api.delete("/accounts/" + CANARY + "/personal-data")).isEqualTo(HttpStatus.NO_CONTENT);

		assertThat(this.api.credit(CANARY, 1)).isEqualTo(HttpStatus.GONE);
		assertThat(this.api.get("/accounts/" + CANARY).getStatusCode()).isEqualTo(HttpStatus.GONE);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.api.get("/accounts/" + CANARY + "/balance").getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(this.api.list("/accounts/" + CANARY + "/statement")).isEmpty();
		});
		// crypto-shredding: no data key of the account is left to decrypt its events,
		// which stay in the journal
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM ego_data_key WHERE persistence_id = ? AND wrapped_key IS NOT NULL")
					.param("account|" + CANARY)
					.query(Long.class)
					.single())
			.isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM ego_journal WHERE persistence_id = ?")
			.param("account|" + CANARY)
			.query(Long.class)
			.single()).isEqualTo(3); // its two events and the erasure's tombstone

		// a rebuild reads the unreadable events as erasures and keeps going
		assertThat(this.api.operate(BalanceProjection.NAME, "rebuild").getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(WAIT).until(() -> this.api.lag(BalanceProjection.NAME) == 0);
		assertThat(this.api.projection(BalanceProjection.NAME)).containsEntry("state", "running");
		assertThat(this.api.readModelBalance("kept-1")).isEqualTo(7);
		assertThat(this.api.readModelBalance(CANARY)).isEqualTo(-1);
		assertThat(this.api.credit("kept-1", 1)).isEqualTo(HttpStatus.OK);
	}

	private static boolean contains(byte[] bytes, String value) {
		byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + wanted.length <= bytes.length; i++) {
			if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
				return true;
			}
		}
		return false;
	}

}
