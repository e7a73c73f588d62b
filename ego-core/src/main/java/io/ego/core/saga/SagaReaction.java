package io.ego.core.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * What a saga instance does in reaction to an input: update its state, send steps,
 * schedule or cancel timers, and possibly end — {@link #complete() complete},
 * {@link #fail(String) fail}, or {@link #compensate(String) compensate}. Immutable: every
 * method returns a new reaction.
 *
 * <pre>{@code
 * return SagaReaction.update(state.toBuilder().setDebited(true).build())
 *     .send(SagaStep.of("credit", "account", target, credit).compensateWith(debit))
 *     .schedule("credit-timeout", Duration.ofSeconds(30));
 * }</pre>
 *
 * @param <S> the saga's state type
 * @author eGo team
 * @since 0.2.0
 */
public final class SagaReaction<S extends Message> {

	private static final SagaReaction<?> NONE = new SagaReaction<>(null, List.of(), Map.of(), List.of(), Ending.NONE,
			"");

	private final @Nullable S state;

	private final List<SagaStep> steps;

	private final Map<String, Duration> schedules;

	private final List<String> cancels;

	private final Ending ending;

	private final String reason;

	private SagaReaction(@Nullable S state, List<SagaStep> steps, Map<String, Duration> schedules, List<String> cancels,
			Ending ending, String reason) {
		this.state = state;
		this.steps = steps;
		this.schedules = schedules;
		this.cancels = cancels;
		this.ending = ending;
		this.reason = reason;
	}

	/**
	 * @param <S> the state type
	 * @return a reaction that changes nothing
	 */
	@SuppressWarnings("unchecked")
	public static <S extends Message> SagaReaction<S> none() {
		return (SagaReaction<S>) NONE;
	}

	/**
	 * @param state the new state
	 * @param <S> the state type
	 * @return a reaction that replaces the state
	 */
	public static <S extends Message> SagaReaction<S> update(S state) {
		return new SagaReaction<>(Objects.requireNonNull(state, "state"), List.of(), Map.of(), List.of(), Ending.NONE,
				"");
	}

	/**
	 * @param step a step to send
	 * @return this reaction, sending the step too
	 */
	public SagaReaction<S> send(SagaStep step) {
		Objects.requireNonNull(step, "step");
		return copy((list) -> list.add(step), null, null);
	}

	/**
	 * Schedules a timer, or moves it when it is scheduled; it fires
	 * {@link SagaBehavior#onTimer} once, after a restart too, at its original due time.
	 * @param timer the timer's name (not starting with {@code step-})
	 * @param after when it fires, from now
	 * @return this reaction, scheduling the timer too
	 */
	public SagaReaction<S> schedule(String timer, Duration after) {
		Objects.requireNonNull(timer, "timer");
		Objects.requireNonNull(after, "after");
		if (timer.isBlank() || timer.startsWith("step-")) {
			throw new IllegalArgumentException(
					"a timer name must not be blank nor start with 'step-': '" + timer + "'");
		}
		if (after.isNegative()) {
			throw new IllegalArgumentException("timer '" + timer + "' cannot be due in the past: " + after);
		}
		return copy(null, (map) -> map.put(timer, after), null);
	}

	/**
	 * @param timer the timer to cancel (nothing happens when it is not scheduled)
	 * @return this reaction, cancelling the timer too
	 */
	public SagaReaction<S> cancel(String timer) {
		Objects.requireNonNull(timer, "timer");
		return copy(null, null, (list) -> list.add(timer));
	}

	/**
	 * @return this reaction, completing the instance (its timers are cancelled; outcomes
	 * of steps still pending are ignored)
	 */
	public SagaReaction<S> complete() {
		return end(Ending.COMPLETE, "");
	}

	/**
	 * @param why the reason, kept for operators
	 * @return this reaction, failing the instance without compensating
	 */
	public SagaReaction<S> fail(String why) {
		return end(Ending.FAIL, Objects.requireNonNull(why, "why"));
	}

	/**
	 * @param why the reason, kept for operators
	 * @return this reaction, compensating the completed steps newest first (once the
	 * pending ones have ended)
	 */
	public SagaReaction<S> compensate(String why) {
		return end(Ending.COMPENSATE, Objects.requireNonNull(why, "why"));
	}

	/**
	 * @return the new state, or {@code null} when unchanged
	 */
	public @Nullable S state() {
		return this.state;
	}

	/**
	 * @return the steps to send, in order
	 */
	public List<SagaStep> steps() {
		return this.steps;
	}

	/**
	 * @return the timers to schedule, by name
	 */
	public Map<String, Duration> schedules() {
		return this.schedules;
	}

	/**
	 * @return the timers to cancel
	 */
	public List<String> cancels() {
		return this.cancels;
	}

	/**
	 * @return how the instance ends, if it does
	 */
	public Ending ending() {
		return this.ending;
	}

	/**
	 * @return the reason of a failure or compensation, else empty
	 */
	public String reason() {
		return this.reason;
	}

	private SagaReaction<S> end(Ending next, String why) {
		return new SagaReaction<>(this.state, this.steps, this.schedules, this.cancels, next, why);
	}

	private SagaReaction<S> copy(@Nullable Consumer<List<SagaStep>> steps,
			@Nullable Consumer<Map<String, Duration>> schedules, @Nullable Consumer<List<String>> cancels) {
		List<SagaStep> nextSteps = this.steps;
		if (steps != null) {
			nextSteps = new ArrayList<>(this.steps);
			steps.accept(nextSteps);
			nextSteps = List.copyOf(nextSteps);
		}
		Map<String, Duration> nextSchedules = this.schedules;
		if (schedules != null) {
			Map<String, Duration> map = new LinkedHashMap<>(this.schedules);
			schedules.accept(map);
			nextSchedules = Collections.unmodifiableMap(map);
		}
		List<String> nextCancels = this.cancels;
		if (cancels != null) {
			nextCancels = new ArrayList<>(this.cancels);
			cancels.accept(nextCancels);
			nextCancels = List.copyOf(nextCancels);
		}
		return new SagaReaction<>(this.state, nextSteps, nextSchedules, nextCancels, this.ending, this.reason);
	}

	/** How a reaction ends its instance. */
	public enum Ending {

		/** It does not end. */
		NONE,

		/** {@link SagaStatus#COMPLETED}. */
		COMPLETE,

		/** {@link SagaStatus#FAILED}, without compensation. */
		FAIL,

		/** {@link SagaStatus#COMPENSATING}, then {@link SagaStatus#COMPENSATED}. */
		COMPENSATE

	}

}
