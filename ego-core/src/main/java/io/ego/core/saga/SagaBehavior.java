package io.ego.core.saga;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * The logic of a saga: which journal events reach which instance, and how an instance
 * reacts to an event, to the outcome of a step it sent, and to its timers. Every method
 * must be pure (a function of its arguments): the engine calls them inside the saga
 * instance's command handler and records what they decided as the instance's events, so a
 * behaviour is tested without an engine by calling it.
 * <p>
 * Steps that completed are compensated by the engine, newest first, when a reaction asks
 * to {@link SagaReaction#compensate compensate}; a behaviour writes no compensation loop.
 *
 * @param <S> the saga's own state, a protobuf message
 * @author eGo team
 * @since 0.2.0
 */
public interface SagaBehavior<S extends Message> {

	/**
	 * @return the state of an instance that has not started
	 */
	S initialState();

	/**
	 * Tells which instance a journal event reaches. Events are decrypted and adapted as
	 * for projections; an erased entity is seen as markers: an
	 * {@link io.ego.core.v1.EntityErased} once, after its last event, and an
	 * {@link io.ego.core.v1.ErasedEvent} for each event that can no longer be read.
	 * @param event an event of any entity type (never of a saga)
	 * @return the instance id, or {@code null} when the event concerns no instance
	 */
	default @Nullable String correlate(EventEnvelope event) {
		return null;
	}

	/**
	 * Tells whether a correlated event starts its instance when the instance has not
	 * started; otherwise such an event is ignored.
	 * @param event an event that {@link #correlate} mapped to an instance
	 * @return whether it starts the instance
	 */
	default boolean startsWith(EventEnvelope event) {
		return false;
	}

	/**
	 * Reacts to an explicit start ({@link Sagas#start}).
	 * @param start the start message
	 * @param state the initial state
	 * @param context the instance
	 * @return the reaction
	 */
	default SagaReaction<S> onStart(Message start, S state, SagaContext context) {
		throw new UnsupportedOperationException(getClass().getName() + " does not implement onStart: saga '"
				+ context.sagaName() + "' cannot be " + "started explicitly");
	}

	/**
	 * Reacts to a journal event that reached the instance (including the one that started
	 * it).
	 * @param event the event
	 * @param state the instance's state
	 * @param context the instance
	 * @return the reaction
	 */
	default SagaReaction<S> onEvent(EventEnvelope event, S state, SagaContext context) {
		return SagaReaction.none();
	}

	/**
	 * Reacts to the end of a forward step: accepted, rejected by the target, or failed
	 * after its attempts. Compensation steps do not come here: the engine handles them.
	 * @param outcome the outcome
	 * @param state the instance's state
	 * @param context the instance
	 * @return the reaction
	 */
	SagaReaction<S> onOutcome(StepOutcome outcome, S state, SagaContext context);

	/**
	 * Reacts to one of the instance's timers; by default compensates.
	 * @param timer the timer's name
	 * @param state the instance's state
	 * @param context the instance
	 * @return the reaction
	 */
	default SagaReaction<S> onTimer(String timer, S state, SagaContext context) {
		return SagaReaction.<S>none().compensate("timer '" + timer + "' fired");
	}

	/**
	 * Returns the message types (by their default instance) the saga sends or receives
	 * besides those of the registered entity types' {@code .proto} files and of the
	 * state's file, which are always known: start messages, commands, results.
	 * @return the types, possibly empty
	 */
	default List<? extends Message> messageTypes() {
		return List.of();
	}

}
