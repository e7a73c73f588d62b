package io.ego.samples.bank;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transfer saga over REST on the sample's embedded defaults: a transfer completes, a
 * transfer to an account that is not open is refunded, and money is conserved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:transfers-${random.uuid};DB_CLOSE_DELAY=-1",
				"ego.sagas.transfer.timer-poll-interval=50ms" })
class TransferTests {

	@LocalServerPort
	int port;

	private BankApi api;

	@BeforeEach
	void api() {
		this.api = new BankApi(this.port);
	}

	@Test
	void aTransferDebitsTheSourceAndCreditsTheTarget() {
		open("tr-a", 100);
		open("tr-b", 5);

		ResponseEntity<Map<String, Object>> started = this.api.post("/transfers",
				Map.of("id", "tr-1", "from", "tr-a", "to", "tr-b", "amount", 40));

		assertThat(started.getStatusCode().value()).isEqualTo(202);
		Map<String, Object> done = awaitFinal("tr-1");
		assertThat(done).containsEntry("status", "COMPLETED").containsEntry("stage", "done");
		assertThat(balance("tr-a")).isEqualTo(60);
		assertThat(balance("tr-b")).isEqualTo(45);
	}

	@Test
	void aTransferToAnAccountThatIsNotOpenIsRefunded() {
		open("tr-c", 100);

		this.api.post("/transfers", Map.of("id", "tr-2", "from", "tr-c", "to", "tr-nobody", "amount", 70));

		Map<String, Object> done = awaitFinal("tr-2");
		assertThat(done).containsEntry("status", "COMPENSATED");
		assertThat((String) done.get("reason")).contains("credit REJECTED");
		assertThat(balance("tr-c")).isEqualTo(100);
	}

	@Test
	void anUnknownTransferIsNotFound() {
		assertThat(this.api.get("/transfers/never").getStatusCode().value()).isEqualTo(404);
	}

	private void open(String id, long balance) {
		assertThat(this.api.post("/accounts", Map.of("id", id, "initialBalance", balance)).getStatusCode().value())
			.isEqualTo(200);
	}

	private long balance(String id) {
		return ((Number) this.api.get("/accounts/" + id).getBody().get("balance")).longValue();
	}

	private Map<String, Object> awaitFinal(String id) {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			Object status = this.api.get("/transfers/" + id).getBody().get("status");
			return "COMPLETED".equals(status) || "COMPENSATED".equals(status) || "FAILED".equals(status);
		});
		return this.api.get("/transfers/" + id).getBody();
	}

}
