package io.ego.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.google.protobuf.Message;
import io.ego.core.EgoEngine;
import io.ego.core.saga.SagaHistoryEntry;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.test.bank.Account;
import io.ego.test.bank.OpenAccount;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga scenario records what an engine records: the same transfer run in an engine
 * (with in-memory stores and real accounts) and in a scenario given the accounts' replies
 * ends with the same instance events, status, state, reason and history.
 */
class SagaScenarioEngineAgreementTests {

	private static final StartTransfer START = StartTransfer.newBuilder()
		.setFrom("acc-1")
		.setTo("acc-2")
		.setAmount(30)
		.build();

	private final InMemoryEventStore journal = new InMemoryEventStore();

	private final EgoEngine engine = EgoEngine.builder()
		.eventStore(this.journal)
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior())
		.saga("transfer", new TransferSaga())
		.build();

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void aCompletedTransferIsRecordedAsTheEngineRecordsIt() {
		open("acc-1", 100);
		open("acc-2", 100);
		open(TransferSaga.FEES, 0);

		SagaInstance<?> inEngine = runInEngine();
		List<String> recorded = new ArrayList<>();
		SagaResult<Transfer> inScenario = collect(recorded,
				SagaScenario.of("transfer", new TransferSaga()).withSagaId("t-1").whenStarted(START),
				(r) -> r.whenAccepted("debit", account("acc-1", 70)),
				(r) -> r.whenAccepted("credit", account("acc-2", 130)),
				(r) -> r.whenAccepted("fee", account(TransferSaga.FEES, 1)));

		assertThat(inEngine.status()).isEqualTo(SagaStatus.COMPLETED);
		assertSame(inEngine, inScenario, recorded);
	}

	@Test
	void aRejectedCreditIsCompensatedAsTheEngineCompensatesIt() {
		open("acc-1", 100); // acc-2 is never opened: the credit is rejected

		SagaInstance<?> inEngine = runInEngine();
		List<String> recorded = new ArrayList<>();
		SagaResult<Transfer> inScenario = collect(recorded,
				SagaScenario.of("transfer", new TransferSaga()).withSagaId("t-1").whenStarted(START),
				(r) -> r.whenAccepted("debit", account("acc-1", 70)),
				(r) -> r.whenRejected("credit", "account not open"),
				(r) -> r.whenAccepted("debit", account("acc-1", 100)));

		assertThat(inEngine.status()).isEqualTo(SagaStatus.COMPENSATED);
		assertSame(inEngine, inScenario, recorded);
	}

	private void open(String id, long balance) {
		assertThat(this.engine.entity("account", id)
			.askAndWait(OpenAccount.newBuilder().setId(id).setInitialBalance(balance).build())
			.isAccepted()).isTrue();
	}

	private SagaInstance<?> runInEngine() {
		this.engine.sagas().start("transfer", "t-1", START).join();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.engine.sagas().status("transfer", "t-1").status().isFinal());
		return this.engine.sagas().status("transfer", "t-1");
	}

	@SafeVarargs
	private static SagaResult<Transfer> collect(List<String> recorded, SagaResult<Transfer> first,
			Function<SagaResult<Transfer>, SagaResult<Transfer>>... next) {
		SagaResult<Transfer> result = first;
		addTypes(recorded, result.recorded());
		for (Function<SagaResult<Transfer>, SagaResult<Transfer>> input : next) {
			result = input.apply(result);
			addTypes(recorded, result.recorded());
		}
		return result;
	}

	private static void addTypes(List<String> types, List<Message> events) {
		for (Message event : events) {
			types.add(Messages.typeName(event));
		}
	}

	private void assertSame(SagaInstance<?> inEngine, SagaResult<Transfer> inScenario, List<String> recorded) {
		List<String> journaled = new ArrayList<>();
		for (PersistedEvent event : this.journal.replay("saga.transfer|t-1", 1, Long.MAX_VALUE, 1_000)) {
			journaled.add(event.eventType());
		}
		assertThat(recorded).isEqualTo(journaled);
		SagaInstance<Transfer> instance = inScenario.instance();
		assertThat(instance.status()).isEqualTo(inEngine.status());
		assertThat(instance.state()).isEqualTo(inEngine.state());
		assertThat(instance.reason()).isEqualTo(inEngine.reason());
		assertThat(instance.pendingSteps()).isEqualTo(inEngine.pendingSteps());
		assertThat(instance.history().stream().map(SagaHistoryEntry::what).toList())
			.isEqualTo(inEngine.history().stream().map(SagaHistoryEntry::what).toList());
	}

	private static Account account(String id, long balance) {
		return Account.newBuilder().setId(id).setBalance(balance).setOpen(true).build();
	}

}
