package io.ego.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaSettings;
import org.jspecify.annotations.Nullable;

/**
 * A Given/When/Then scenario for a {@link SagaBehavior}, run in plain Java with the
 * engine's own saga instance (the entity {@code saga.<name>}: deduplication by journal
 * position, retries with back-off, step time-outs, compensation newest first) but without
 * an engine or a store. The scenario plays what surrounds the instance in an engine: the
 * journal reader (events reach the instance that {@link SagaBehavior#correlate} names),
 * the dispatcher (steps are sent, their timers stored) and the timer poller, on a virtual
 * clock that moves only when told to ({@link #givenAdvanced}, {@link #advance}). The
 * targets of the steps are played by the test: it gives each step's outcome by the step's
 * name.
 *
 * <pre>{@code
 * SagaScenario.of("transfer", new TransferSaga())
 *     .withSagaId("t-1")
 *     .givenStarted(start)
 *     .whenAccepted("debit")
 *     .thenDispatched(SagaStep.of("credit", "account", "acc-2", credit).compensateWith(undoCredit))
 *     .thenStatus(SagaStatus.RUNNING)
 *     .whenRejected("credit", "account closed")
 *     .thenCompensations(SagaStep.of("debit", "account", "acc-1", refund))
 *     .whenAccepted("debit")
 *     .thenStatus(SagaStatus.COMPENSATED);
 * }</pre>
 *
 * Scenarios are immutable: every method returns a new one, so an arrangement can be
 * shared by several tests. Each {@code when...} runs the arrangement from the start and
 * returns a {@link SagaResult}, whose assertions concern that input and whose own
 * {@code when...} methods continue the run.
 *
 * @param <S> the saga's state type
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaScenario<S extends Message> {

	/** Where the virtual clock starts unless {@link #startingAt} says otherwise. */
	public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

	/** The instance's id unless {@link #withSagaId} says otherwise. */
	public static final String DEFAULT_SAGA_ID = "saga-1";

	private final String sagaName;

	private final SagaBehavior<S> behavior;

	private final String sagaId;

	private final SagaSettings settings;

	private final Instant start;

	private final List<Message> messageTypes;

	private final List<SagaInput> arrangement;

	private SagaScenario(String sagaName, SagaBehavior<S> behavior, String sagaId, SagaSettings settings, Instant start,
			List<Message> messageTypes, List<SagaInput> arrangement) {
		this.sagaName = sagaName;
		this.behavior = behavior;
		this.sagaId = sagaId;
		this.settings = settings;
		this.start = start;
		this.messageTypes = List.copyOf(messageTypes);
		this.arrangement = List.copyOf(arrangement);
	}

	/**
	 * Starts a scenario for one instance of a saga, with the default settings.
	 * @param sagaName the saga's name (its instances are entities of type
	 * {@code saga.<name>})
	 * @param behavior the saga
	 * @param <S> the state type
	 * @return the scenario
	 */
	public static <S extends Message> SagaScenario<S> of(String sagaName, SagaBehavior<S> behavior) {
		Objects.requireNonNull(sagaName, "sagaName");
		Objects.requireNonNull(behavior, "behavior");
		if (sagaName.isBlank()) {
			throw new IllegalArgumentException("a saga needs a name");
		}
		return new SagaScenario<>(sagaName, behavior, DEFAULT_SAGA_ID, SagaSettings.defaults(), DEFAULT_START,
				List.of(), List.of());
	}

	/**
	 * @param sagaId the id of the instance the scenario plays (journal events that
	 * {@link SagaBehavior#correlate correlate} to another id do not reach it)
	 * @return a copy playing that instance
	 */
	public SagaScenario<S> withSagaId(String sagaId) {
		return new SagaScenario<>(this.sagaName, this.behavior, Objects.requireNonNull(sagaId, "sagaId"), this.settings,
				this.start, this.messageTypes, this.arrangement);
	}

	/**
	 * @param settings the saga's settings (step time-out, attempts, back-off)
	 * @return a copy running with them
	 */
	public SagaScenario<S> withSettings(SagaSettings settings) {
		return new SagaScenario<>(this.sagaName, this.behavior, this.sagaId,
				Objects.requireNonNull(settings, "settings"), this.start, this.messageTypes, this.arrangement);
	}

	/**
	 * @param start where the virtual clock starts (millisecond precision, as a timer
	 * store keeps)
	 * @return a copy whose clock starts there
	 */
	public SagaScenario<S> startingAt(Instant start) {
		return new SagaScenario<>(this.sagaName, this.behavior, this.sagaId, this.settings,
				Objects.requireNonNull(start, "start"), this.messageTypes, this.arrangement);
	}

	/**
	 * Declares messages whose {@code .proto} files the saga reads, as an engine knows its
	 * entity types' files: the types of the commands the steps send are then shown in
	 * assertion messages even when no expectation names them. Journal events and results
	 * given to the scenario are known without it.
	 * @param types generated messages of those files
	 * @return a copy knowing them
	 */
	public SagaScenario<S> withMessageTypes(Message... types) {
		List<Message> all = new ArrayList<>(this.messageTypes);
		all.addAll(List.of(types));
		return new SagaScenario<>(this.sagaName, this.behavior, this.sagaId, this.settings, this.start, all,
				this.arrangement);
	}

	// ---- given

	/**
	 * @param start the start message ({@code Sagas.start})
	 * @return a copy whose instance was started with it
	 */
	public SagaScenario<S> givenStarted(Message start) {
		return given(new SagaInput.Start(start));
	}

	/**
	 * @param entityType the entity type that wrote the event
	 * @param entityId the entity
	 * @param event the event, at the next journal position and the entity's next sequence
	 * number
	 * @return a copy whose saga read that journal event
	 */
	public SagaScenario<S> givenEvent(String entityType, String entityId, Message event) {
		return given(new SagaInput.Event(entityType, entityId, event));
	}

	/**
	 * @param envelope a journal event as the saga's reader reads it
	 * @return a copy whose saga read that journal event
	 */
	public SagaScenario<S> givenEvent(EventEnvelope envelope) {
		return given(new SagaInput.Envelope(envelope));
	}

	/**
	 * @param step the name of a step sent
	 * @return a copy in which its target accepted it (without a result)
	 */
	public SagaScenario<S> givenAccepted(String step) {
		return given(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED, null, ""));
	}

	/**
	 * @param step the name of a step sent
	 * @param result the target's state after it
	 * @return a copy in which its target accepted it
	 */
	public SagaScenario<S> givenAccepted(String step, Message result) {
		return given(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED,
				Objects.requireNonNull(result, "result"), ""));
	}

	/**
	 * @param step the name of a step sent
	 * @param reason the target's reason
	 * @return a copy in which its target rejected it
	 */
	public SagaScenario<S> givenRejected(String step, String reason) {
		return given(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.REJECTED, null, reason));
	}

	/**
	 * @param by how long
	 * @return a copy in which the clock advanced, firing the timers due meanwhile
	 */
	public SagaScenario<S> givenAdvanced(Duration by) {
		return given(new SagaInput.Advance(by));
	}

	// ---- when

	/**
	 * Starts the instance explicitly ({@code Sagas.start}, {@link SagaBehavior#onStart}).
	 * @param start the start message
	 * @return the result
	 */
	public SagaResult<S> whenStarted(Message start) {
		return run(new SagaInput.Start(start));
	}

	/**
	 * Gives the saga a journal event, at the next position and the entity's next sequence
	 * number, written now; it reaches the instance when {@link SagaBehavior#correlate}
	 * maps it to the instance's id.
	 * @param entityType the entity type that wrote the event
	 * @param entityId the entity
	 * @param event the event
	 * @return the result
	 */
	public SagaResult<S> whenEvent(String entityType, String entityId, Message event) {
		return run(new SagaInput.Event(entityType, entityId, event));
	}

	/**
	 * Gives the saga a journal event as its reader reads it, e.g. at a position already
	 * handled.
	 * @param envelope the event
	 * @return the result
	 */
	public SagaResult<S> whenEvent(EventEnvelope envelope) {
		return run(new SagaInput.Envelope(envelope));
	}

	/**
	 * The target of a step accepted its current attempt.
	 * @param step the step's name (the oldest pending step of that name, else the last
	 * one sent)
	 * @return the result
	 */
	public SagaResult<S> whenAccepted(String step) {
		return run(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED, null, ""));
	}

	/**
	 * The target of a step accepted its current attempt.
	 * @param step the step's name
	 * @param result the target's state after it ({@code StepOutcome.result()})
	 * @return the result
	 */
	public SagaResult<S> whenAccepted(String step, Message result) {
		return run(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.ACCEPTED,
				Objects.requireNonNull(result, "result"), ""));
	}

	/**
	 * The target of a step rejected its current attempt.
	 * @param step the step's name
	 * @param reason the target's reason
	 * @return the result
	 */
	public SagaResult<S> whenRejected(String step, String reason) {
		return run(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.REJECTED, null, reason));
	}

	/**
	 * Gives the last journal event again, at its position, as a reader re-reading it
	 * after a restart does: the instance ignores it.
	 * @return the result
	 */
	public SagaResult<S> whenRedelivered() {
		return run(new SagaInput.Redelivery());
	}

	/**
	 * The current attempt of a step failed for an infrastructure reason and wrote
	 * nothing: the step is sent again after a back-off while attempts remain.
	 * @param step the step's name
	 * @param reason the failure's message
	 * @return the result
	 */
	public SagaResult<S> whenFailed(String step, String reason) {
		return run(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.FAILED, null, reason));
	}

	/**
	 * The current attempt of a step failed and may have been written (e.g. a time-out
	 * after the write): the step is sent again after a back-off while attempts remain;
	 * when none remain the instance ends {@code FAILED} for an operator's retry.
	 * @param step the step's name
	 * @param reason the failure's message
	 * @return the result
	 */
	public SagaResult<S> whenOutcomeUnknown(String step, String reason) {
		return run(new SagaInput.Outcome(step, SagaInput.Outcome.Kind.UNKNOWN, null, reason));
	}

	/**
	 * An operator retries the instance ({@code Sagas.retry}).
	 * @return the result
	 */
	public SagaResult<S> whenRetried() {
		return run(new SagaInput.Retry());
	}

	/**
	 * An operator cancels the instance ({@code Sagas.cancel}): it compensates.
	 * @param reason why
	 * @return the result
	 */
	public SagaResult<S> whenCancelled(String reason) {
		return run(new SagaInput.Cancel(reason));
	}

	/**
	 * @param by how long
	 * @return the result of advancing the clock: the timers due meanwhile fire, each at
	 * its due time, in due order
	 */
	public SagaResult<S> advance(Duration by) {
		return run(new SagaInput.Advance(by));
	}

	private SagaScenario<S> given(SagaInput input) {
		List<SagaInput> arrangement = new ArrayList<>(this.arrangement);
		arrangement.add(input);
		return new SagaScenario<>(this.sagaName, this.behavior, this.sagaId, this.settings, this.start,
				this.messageTypes, arrangement);
	}

	/**
	 * Runs the arrangement, then the input.
	 * @param input the input whose effects the result asserts
	 * @return the result
	 */
	SagaResult<S> run(SagaInput input) {
		SagaDriver<S> driver = new SagaDriver<>(this.sagaName, this.behavior, this.settings, this.start,
				this.messageTypes);
		SagaRun run = SagaRun.initial(this.sagaId, this.start);
		for (int i = 0; i < this.arrangement.size(); i++) {
			SagaInput given = this.arrangement.get(i);
			SagaDriver.Turn turn;
			try {
				turn = driver.apply(run, given);
			}
			catch (AssertionError ex) {
				throw arrangementFailed(i, given, ex.getMessage(), ex);
			}
			if (turn.rejection() != null) {
				throw arrangementFailed(i, given, "the instance refused it: " + turn.rejection().reason(),
						turn.rejection());
			}
			run = turn.run();
		}
		return SagaResult.of(driver, driver.apply(run, input));
	}

	private static AssertionError arrangementFailed(int index, SagaInput given, @Nullable String problem,
			Throwable cause) {
		return new AssertionError(
				"scenario arrangement failed: given #" + (index + 1) + " (" + given.describe() + "): " + problem,
				cause);
	}

}
