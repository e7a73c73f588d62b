package io.ego.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaSettings;
import io.ego.core.saga.SagaStatus;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;
import io.ego.core.v1.SagaCompensationStarted;
import io.ego.core.v1.SagaInputHandled;
import io.ego.core.v1.SagaStarted;
import io.ego.core.v1.SagaStateChanged;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStepAttemptFailed;
import io.ego.core.v1.SagaStepDispatched;
import io.ego.core.v1.SagaStepEnded;
import io.ego.core.v1.SagaStepRedispatched;
import io.ego.core.v1.SagaStepWatchArmed;
import io.ego.core.v1.SagaTimerFired;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import org.junit.jupiter.api.Test;

import static io.ego.testkit.TransferSaga.credit;
import static io.ego.testkit.TransferSaga.creditStep;
import static io.ego.testkit.TransferSaga.debit;
import static io.ego.testkit.TransferSaga.debitStep;
import static io.ego.testkit.TransferSaga.feeStep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SagaScenarioTests {

	private static final StartTransfer START = StartTransfer.newBuilder()
		.setFrom("acc-1")
		.setTo("acc-2")
		.setAmount(30)
		.build();

	private final SagaScenario<Transfer> transfer = SagaScenario.of("transfer", new TransferSaga());

	// ---- the engine's semantics

	@Test
	void aTransferDispatchesItsStepsInOrderAndCompletes() {
		this.transfer.whenStarted(START)
			.thenRecorded(SagaStarted.class, SagaStateChanged.class, SagaStepDispatched.class, SagaStepWatchArmed.class)
			.thenDispatched(debitStep("acc-1", 30))
			.thenStatus(SagaStatus.RUNNING)
			.thenPending("debit")
			.thenTimer("step-watch", Duration.ofSeconds(10))
			.whenAccepted("debit")
			.thenRecorded(SagaInputHandled.class, SagaStepEnded.class, SagaStateChanged.class, SagaStepDispatched.class)
			.thenDispatched(creditStep("acc-2", 30))
			.thenNoTimer("step-1")
			.thenTimer("step-watch", Duration.ofSeconds(10))
			.whenAccepted("credit", Account.newBuilder().setId("acc-2").setBalance(130).setOpen(true).build())
			.thenDispatched(feeStep())
			.thenState(transfer("charging (130)"))
			.whenAccepted("fee")
			.thenNothingDispatched()
			.thenStatus(SagaStatus.COMPLETED)
			.thenState(transfer("done"))
			.thenPending()
			.thenCompensations();
	}

	@Test
	void aRejectedStepIsCompensatedNewestFirstUntilCompensated() {
		SagaResult<Transfer> rejected = this.transfer.givenStarted(START)
			.givenAccepted("debit")
			.givenAccepted("credit")
			.whenRejected("fee", "fees account closed")
			.thenRecorded(SagaInputHandled.class, SagaStepEnded.class, SagaCompensationStarted.class,
					SagaStatusChanged.class, SagaStepDispatched.class)
			.thenStatus(SagaStatus.COMPENSATING)
			.thenDispatched(SagaStep.of("credit", "account", "acc-2", debit("acc-2", 30)));

		rejected.whenAccepted("credit")
			.thenDispatched(SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)))
			.whenAccepted("debit")
			.thenNothingDispatched()
			.thenStatus(SagaStatus.COMPENSATED)
			.thenReason("fee REJECTED: fees account closed")
			.thenCompensations(SagaStep.of("credit", "account", "acc-2", debit("acc-2", 30)),
					SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)));
	}

	@Test
	void aRejectedCreditRefundsTheDebit() {
		this.transfer.givenStarted(START)
			.givenAccepted("debit")
			.whenRejected("credit", "insufficient funds")
			.thenStatus(SagaStatus.COMPENSATING)
			.thenCompensations(SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)))
			.whenAccepted("debit")
			.thenStatus(SagaStatus.COMPENSATED)
			.thenReason("credit REJECTED: insufficient funds");
	}

	@Test
	void aTimerFiresOnlyOnceTheClockPassesItsDueTime() {
		SagaResult<Transfer> debited = this.transfer
			.withSettings(SagaSettings.defaults().withStepTimeout(Duration.ofMinutes(1)))
			.givenStarted(START.toBuilder().setTimeoutMillis(30_000).build())
			.whenAccepted("debit")
			.thenTimer("timeout", Duration.ofSeconds(30));

		SagaResult<Transfer> timedOut = debited.advance(Duration.ofMillis(29_999))
			.thenFired()
			.thenStatus(SagaStatus.RUNNING)
			.thenTimer("timeout", Duration.ofMillis(1))
			.advance(Duration.ofMillis(1))
			.thenFired("timeout")
			.thenRecorded(SagaInputHandled.class, SagaTimerFired.class, SagaCompensationStarted.class,
					SagaStatusChanged.class)
			.thenStatus(SagaStatus.COMPENSATING)
			.thenReason("timer 'timeout' fired")
			.thenNothingDispatched()
			.thenPending("credit");
		assertThat(timedOut.now()).isEqualTo(SagaScenario.DEFAULT_START.plusSeconds(30));

		// the pending credit ends first; then both completed steps are undone, newest
		// first
		timedOut.whenAccepted("credit")
			.thenDispatched(SagaStep.of("credit", "account", "acc-2", debit("acc-2", 30)))
			.whenAccepted("credit")
			.thenDispatched(SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)))
			.whenAccepted("debit")
			.thenStatus(SagaStatus.COMPENSATED);
	}

	@Test
	void timersFireInDueOrderEachAtItsDueTime() {
		SagaResult<Transfer> result = this.transfer.givenStarted(START.toBuilder().setTimeoutMillis(30_000).build())
			.advance(Duration.ofMinutes(1))
			.thenFired("step-watch", "step-watch", "step-watch", "timeout", "step-watch", "step-watch");
		// the last attempt timed out 50 s after the start: no outcome within 10 s, five
		// times
		result.thenStatus(SagaStatus.FAILED).thenReason("unknown after 5 attempt(s): no outcome within PT10S");
		assertThat(result.now()).isEqualTo(SagaScenario.DEFAULT_START.plusSeconds(60));
	}

	@Test
	void aFailedAttemptIsRetriedWithBackOffThenTheStepFails() {
		SagaScenario<Transfer> scenario = this.transfer.withSettings(
				SagaSettings.defaults().withMaxAttempts(3).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));

		scenario.whenStarted(START)
			.whenFailed("debit", "database down")
			.thenRecorded(SagaInputHandled.class, SagaStepAttemptFailed.class)
			.thenNothingDispatched()
			.thenStatus(SagaStatus.RUNNING)
			.thenTimer("step-1", Duration.ofMillis(200))
			.advance(Duration.ofMillis(199))
			.thenFired()
			.advance(Duration.ofMillis(1))
			.thenFired("step-1")
			.thenRecorded(SagaInputHandled.class, SagaStepRedispatched.class)
			.thenDispatched(debitStep("acc-1", 30))
			.whenFailed("debit", "database down")
			.thenTimer("step-1", Duration.ofMillis(400))
			.advance(Duration.ofMillis(400))
			.thenDispatched(debitStep("acc-1", 30))
			.whenFailed("debit", "database down")
			.thenTimer("step-1", Duration.ofMillis(800))
			.advance(Duration.ofMillis(800))
			.thenFired("step-1")
			.thenNothingDispatched()
			.thenStatus(SagaStatus.COMPENSATED)
			.thenReason("debit FAILED: after 3 attempt(s): database down")
			.thenCompensations();
	}

	@Test
	void anUnknownOutcomeEndsFailedAndAnOperatorsRetrySendsTheStepAgain() {
		SagaResult<Transfer> failed = this.transfer.withSettings(SagaSettings.defaults().withMaxAttempts(2))
			.givenStarted(START)
			.whenOutcomeUnknown("debit", "connection reset")
			.advance(Duration.ofMillis(200))
			.thenDispatched(debitStep("acc-1", 30))
			.whenOutcomeUnknown("debit", "connection reset")
			.advance(Duration.ofMillis(400))
			.thenStatus(SagaStatus.FAILED)
			.thenReason("outcome of step 1 'debit' unknown after 2 attempt(s): connection reset")
			.thenPending();
		assertThat(failed.timers()).isEmpty();

		failed.whenRetried()
			.thenStatus(SagaStatus.RUNNING)
			.thenDispatched(debitStep("acc-1", 30))
			.thenTimer("step-watch", Duration.ofSeconds(10))
			.whenAccepted("debit")
			.thenDispatched(creditStep("acc-2", 30));
	}

	@Test
	void aJournalEventStartsTheInstanceItCorrelatesWithAndARedeliveryIsIgnored() {
		SagaResult<Transfer> started = this.transfer.withSagaId("opened-acc-1")
			.whenEvent("account", "acc-1", opened("acc-1", "transfer:acc-2:30"))
			.thenRecorded(SagaStarted.class, SagaInputHandled.class, SagaStateChanged.class, SagaStepDispatched.class,
					SagaStepWatchArmed.class)
			.thenDispatched(debitStep("acc-1", 30));

		started.whenRedelivered().thenIgnored().thenNothingDispatched().thenPending("debit");
		started
			.whenEvent(new EventEnvelope("account|acc-9", "account", "acc-9", 1, 1, 0,
					opened("acc-1", "transfer:acc-2:30"), Instant.EPOCH, Map.of()))
			.thenIgnored();
		started.whenAccepted("debit").whenRedelivered().thenIgnored().thenPending("credit");
	}

	@Test
	void anEventForAnotherInstanceOrNoneDoesNotReachTheInstance() {
		this.transfer.whenEvent("account", "acc-1", opened("acc-1", "transfer:acc-2:30"))
			.thenIgnored()
			.thenStatus(SagaStatus.NEW)
			.whenEvent("account", "acc-3", opened("acc-3", "nobody"))
			.thenIgnored();
	}

	@Test
	void aLateOutcomeAfterTheInstanceEndedIsIgnored() {
		this.transfer.givenStarted(START)
			.givenAccepted("debit")
			.givenAccepted("credit")
			.whenAccepted("fee")
			.thenStatus(SagaStatus.COMPLETED)
			.whenRejected("credit", "too late")
			.thenIgnored()
			.thenStatus(SagaStatus.COMPLETED);
	}

	@Test
	void anOperatorCancelCompensatesAndWhatTheInstanceDoesNotAllowIsRefused() {
		SagaResult<Transfer> debited = this.transfer.givenStarted(START).whenAccepted("debit");

		debited.whenRetried().thenRejected("only a FAILED instance with steps of unknown outcome can be retried");
		debited.whenCancelled("customer asked")
			.thenStatus(SagaStatus.COMPENSATING)
			.thenReason("cancelled: customer asked")
			.thenNothingDispatched()
			.whenRejected("credit", "closed")
			.thenDispatched(SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)))
			.whenAccepted("debit")
			.thenStatus(SagaStatus.COMPENSATED)
			.whenCancelled("again")
			.thenRejected("it cannot be cancelled")
			.thenStatus(SagaStatus.COMPENSATED);
	}

	@Test
	void aSagaThatThrowsFailsItsInstance() {
		SagaBehavior<Transfer> throwing = new TransferSaga() {
			@Override
			public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
				throw new IllegalStateException("boom");
			}
		};

		SagaScenario.of("transfer", throwing)
			.givenStarted(START)
			.whenAccepted("debit")
			.thenStatus(SagaStatus.FAILED)
			.thenReason(
					"saga 'transfer' threw on the outcome of step 1 'debit': java.lang.IllegalStateException: boom");
	}

	@Test
	void aResultCanBeContinuedMoreThanOnce() {
		SagaResult<Transfer> debited = this.transfer.givenStarted(START).whenAccepted("debit");

		debited.whenAccepted("credit").thenDispatched(feeStep());
		debited.whenRejected("credit", "closed")
			.thenDispatched(SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30)));
		debited.thenPending("credit").thenStatus(SagaStatus.RUNNING).thenCompensations();
		assertThat(debited.dispatched()).containsExactly(creditStep("acc-2", 30));
		assertThat(debited.instance().history()).isNotEmpty();
	}

	@Test
	void theClockStartsWhereTheScenarioSays() {
		Instant start = Instant.parse("2030-05-01T08:00:00Z");
		SagaResult<Transfer> result = this.transfer.startingAt(start)
			.givenAdvanced(Duration.ofSeconds(5))
			.whenStarted(START);

		assertThat(result.now()).isEqualTo(start.plusSeconds(5));
		assertThat(result.timers()).containsExactly(Map.entry("step-watch", start.plusSeconds(15)));
		assertThat(result.instance().startedAt()).isEqualTo(start.plusSeconds(5));
	}

	// ---- failing expectations

	@Test
	void thenDispatchedNamesTheExpectedAndTheActualCommands() {
		SagaResult<Transfer> started = this.transfer.whenStarted(START);

		assertThatThrownBy(() -> started.thenDispatched(debitStep("acc-1", 31))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("thenDispatched(...) failed: the commands sent after \"started with "
					+ "ego.test.bank.StartTransfer{from: \"acc-1\" to: \"acc-2\" amount: 30}\" differ")
			.hasMessageContaining("expected: ['debit' to account 'acc-1': ego.test.bank.DebitAccount{id: \"acc-1\" "
					+ "amount: 31} undone by ego.test.bank.CreditAccount{id: \"acc-1\" amount: 31}]")
			.hasMessageContaining("actual:   ['debit' to account 'acc-1': ego.test.bank.DebitAccount{id: \"acc-1\" "
					+ "amount: 30} undone by ego.test.bank.CreditAccount{id: \"acc-1\" amount: 30}]")
			.hasMessageContaining("sent: [step 1 'debit' attempt 1 (id saga:transfer:saga-1:1)]")
			.hasMessageContaining("the instance 'saga-1' is RUNNING, pending steps [debit]");
		assertThatThrownBy(() -> started.thenDispatched(SagaStep.of("debit", "account", "acc-1", debit("acc-1", 30))))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected: ['debit' to account 'acc-1': ego.test.bank.DebitAccount{id: \"acc-1\" "
					+ "amount: 30}]");
		assertThatThrownBy(started::thenNothingDispatched).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected no command sent after \"started with")
			.hasMessageContaining("but 1 were: [step 1 'debit' attempt 1");
	}

	@Test
	void thenStatusNamesTheStatusTheReasonAndTheHistory() {
		SagaResult<Transfer> debited = this.transfer.givenStarted(START).whenAccepted("debit");

		assertThatThrownBy(() -> debited.thenStatus(SagaStatus.COMPLETED)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("thenStatus(COMPLETED) failed: expected the instance to be COMPLETED but it is "
					+ "RUNNING after \"step 'debit' accepted\"")
			.hasMessageContaining("pending steps [credit]")
			.hasMessageContaining("latest history:")
			.hasMessageContaining("step 2 'credit' sent to account 'acc-2'");
		assertThatThrownBy(() -> debited.thenReason("insufficient")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected a reason containing \"insufficient\" but the reason is \"\"");
		assertThatThrownBy(() -> debited.thenPending("debit")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected: [debit]")
			.hasMessageContaining("actual:   [credit]");
		assertThatThrownBy(() -> debited.thenState(transfer("done"))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("the saga's state after \"step 'debit' accepted\" differs")
			.hasMessageContaining("stage: \"done\"")
			.hasMessageContaining("stage: \"crediting\"");
	}

	@Test
	void thenCompensationsNamesTheOrderThatDiffers() {
		SagaResult<Transfer> compensating = this.transfer.givenStarted(START)
			.givenAccepted("debit")
			.givenAccepted("credit")
			.givenRejected("fee", "closed")
			.whenAccepted("credit");
		SagaStep undoDebit = SagaStep.of("debit", "account", "acc-1", credit("acc-1", 30));
		SagaStep undoCredit = SagaStep.of("credit", "account", "acc-2", debit("acc-2", 30));

		compensating.thenCompensations(undoCredit, undoDebit);
		assertThatThrownBy(() -> compensating.thenCompensations(undoDebit, undoCredit))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("thenCompensations(...) failed: the compensations sent differ")
			.hasMessageContaining("expected: ['debit' to account 'acc-1': ego.test.bank.CreditAccount{id: \"acc-1\" "
					+ "amount: 30}, 'credit' to account 'acc-2'")
			.hasMessageContaining("actual:   ['credit' to account 'acc-2': ego.test.bank.DebitAccount{id: \"acc-2\" "
					+ "amount: 30}, 'debit' to account 'acc-1'")
			.hasMessageContaining("compensation of step 2 as step 4 'credit' attempt 1");
		assertThat(compensating.compensations()).containsExactly(undoCredit, undoDebit);
	}

	@Test
	void timerAssertionsNameTheTimersAndTheirDueTimes() {
		SagaResult<Transfer> waiting = this.transfer
			.withSettings(SagaSettings.defaults().withStepTimeout(Duration.ofMinutes(1)))
			.givenStarted(START.toBuilder().setTimeoutMillis(30_000).build())
			.advance(Duration.ofMillis(29_999));

		assertThatThrownBy(() -> waiting.thenFired("timeout")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("thenFired(...) failed: the timers fired after \"the clock advanced by PT29.999S\" "
					+ "differ:\n  expected: [timeout]\n  actual:   []")
			.hasMessageContaining(
					"timers left: [timeout due at 2026-01-01T00:00:30Z, step-watch due at " + "2026-01-01T00:01:00Z]");
		assertThatThrownBy(() -> waiting.thenTimer("timeout", Duration.ofSeconds(30)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining(
					"expected timer 'timeout' due at 2026-01-01T00:00:59.999Z (in PT30S) but it is due at "
							+ "2026-01-01T00:00:30Z (in PT0.001S)");
		assertThatThrownBy(() -> waiting.thenTimer("reminder", Duration.ofSeconds(1)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("but the instance has no such timer (timers: [timeout due at");
		assertThatThrownBy(() -> waiting.thenNoTimer("timeout")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected no timer 'timeout' but it is due at 2026-01-01T00:00:30Z (in PT0.001S)");
	}

	@Test
	void thenRecordedAndThenIgnoredNameTheEventsRecorded() {
		SagaResult<Transfer> started = this.transfer.whenStarted(START);

		assertThatThrownBy(() -> started.thenRecorded(SagaStarted.class)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected: [SagaStarted]")
			.hasMessageContaining("actual:   [SagaStarted, SagaStateChanged, SagaStepDispatched, SagaStepWatchArmed]");
		assertThatThrownBy(started::thenIgnored).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected \"started with ego.test.bank.StartTransfer{")
			.hasMessageContaining("to be ignored but the instance recorded [SagaStarted, SagaStateChanged, "
					+ "SagaStepDispatched, SagaStepWatchArmed] and sent [step 1 'debit' attempt 1");
		assertThatThrownBy(() -> started.thenRejected("anything")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected the instance to refuse \"started with");
		assertThatThrownBy(() -> started.whenCancelled("x").thenRejected("nope")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("expected the instance to refuse \"cancelled: x\"");
	}

	@Test
	void assertionsOnWhatARefusedInputDidSayItWasRefused() {
		SagaResult<Transfer> refused = this.transfer.givenStarted(START).whenRetried();

		assertThatThrownBy(() -> refused.thenDispatched(debitStep("acc-1", 30))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("thenDispatched(...) failed: the instance refused \"retried by an operator\": saga "
					+ "'transfer' instance 'saga-1' is RUNNING: only a FAILED instance");
		assertThatThrownBy(refused::thenIgnored).isInstanceOf(AssertionError.class)
			.hasMessageContaining("the instance refused \"retried by an operator\"");
		assertThatThrownBy(() -> refused.thenRejected("COMPLETED")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("with a reason containing \"COMPLETED\" but the reason was \"saga 'transfer' "
					+ "instance 'saga-1' is RUNNING");
		refused.thenStatus(SagaStatus.RUNNING);
	}

	@Test
	void anEventThatReachesAnotherInstanceIsNamedInTheFailure() {
		assertThatThrownBy(() -> this.transfer.whenEvent("account", "acc-1", opened("acc-1", "transfer:acc-2:30"))
			.thenDispatched(debitStep("acc-1", 30)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("note: correlate(...) mapped event ego.test.bank.AccountOpened of 'account|acc-1' "
					+ "at position 1 to instance 'opened-acc-1', not to the scenario's instance 'saga-1' (set it with "
					+ "withSagaId)");
	}

	@Test
	void anArrangementThatCannotBeGivenFailsNamingTheGiven() {
		assertThatThrownBy(() -> this.transfer.givenStarted(START).givenAccepted("credit").whenAccepted("debit"))
			.isInstanceOf(AssertionError.class)
			.hasMessage("scenario arrangement failed: given #2 (step 'credit' accepted): the outcome \"step 'credit' "
					+ "accepted\" cannot be delivered: no step named 'credit' was sent (steps sent: [debit])");
		assertThatThrownBy(() -> this.transfer.whenAccepted("debit")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("no step named 'debit' was sent (steps sent: [])");
		assertThatThrownBy(() -> this.transfer.givenStarted(START).whenRedelivered()).isInstanceOf(AssertionError.class)
			.hasMessage("no journal event was given, so none can be delivered again");
	}

	@Test
	void aSagaThatKeepsSchedulingDueTimersIsStopped() {
		SagaBehavior<Transfer> looping = new TransferSaga() {
			@Override
			public SagaReaction<Transfer> onStart(Message start, Transfer state, SagaContext context) {
				return SagaReaction.<Transfer>none().schedule("tick", Duration.ZERO);
			}

			@Override
			public SagaReaction<Transfer> onTimer(String timer, Transfer state, SagaContext context) {
				return SagaReaction.<Transfer>none().schedule("tick", Duration.ZERO);
			}
		};

		assertThatThrownBy(() -> SagaScenario.of("looping", looping).givenStarted(START).advance(Duration.ZERO))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("more than 10000 timers fired while the clock advanced by PT0S")
			.hasMessageContaining("(last: 'tick')");
	}

	private static Transfer transfer(String stage) {
		return Transfer.newBuilder().setFrom("acc-1").setTo("acc-2").setAmount(30).setStage(stage).build();
	}

	private static AccountOpened opened(String id, String owner) {
		return AccountOpened.newBuilder().setId(id).setInitialBalance(100).setOwner(owner).build();
	}

}
