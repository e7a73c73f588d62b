package io.ego.core;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * The contract between the engine and a behaviour, evaluated in one place: it runs a
 * behaviour's command handler, checks what it returned (no {@code null} events, no
 * {@code google.protobuf.Any} event, only the event types a typed handler declares, a
 * folded state of the state's type), folds the events, and says how the command ends:
 * accepted with its events and state, rejected (with the domain's reason), or failed for
 * a broken contract. The engine's entities and the testkit's scenarios both decide every
 * command with it, so a scenario passes exactly where the engine accepts.
 * <p>
 * One instance decides the commands of one entity, one at a time: it keeps the last
 * decision (read it with {@link #eventCount()}, {@link #event(int)}, {@link #state()},
 * {@link #refusal()}) until the next one, and is not thread-safe. It allocates nothing
 * for a decision but what the behaviour allocates.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.2.0
 */
public final class BehaviorContract<S extends Message> {

	private final String entityType;

	private final @Nullable EventSourcedBehavior<S> eventSourced;

	private final @Nullable HandlerTable<S> handlers;

	private final @Nullable DurableStateBehavior<S> durableState;

	private final EventChecks checks;

	// ---- the last decision

	private @Nullable List<? extends Message> produced;

	private @Nullable Effect<?> effect;

	private @Nullable S state;

	private @Nullable CommandReply<S> refusal;

	private BehaviorContract(String entityType, @Nullable EventSourcedBehavior<S> eventSourced,
			@Nullable DurableStateBehavior<S> durableState, EntityBehavior<S> behavior) {
		this.entityType = entityType;
		this.eventSourced = eventSourced;
		this.durableState = durableState;
		this.handlers = (eventSourced instanceof EventSourcedHandlers<S> typed) ? typed.table() : null;
		S initial = behavior.initialState();
		if (initial == null) {
			throw new BehaviorContractException("behaviour of '" + entityType + "' (" + behavior.getClass().getName()
					+ ") returned a null initial state");
		}
		this.checks = new EventChecks(initial);
	}

	/**
	 * Evaluates an event-sourced behaviour.
	 * @param entityType the entity type name (messages name it)
	 * @param behavior the behaviour
	 * @param <S> the state type
	 * @return an evaluator for one entity
	 * @throws BehaviorContractException when the initial state is {@code null}
	 */
	public static <S extends Message> BehaviorContract<S> eventSourced(String entityType,
			EventSourcedBehavior<S> behavior) {
		return new BehaviorContract<>(entityType, behavior, null, behavior);
	}

	/**
	 * Evaluates a durable-state behaviour.
	 * @param entityType the entity type name (messages name it)
	 * @param behavior the behaviour
	 * @param <S> the state type
	 * @return an evaluator for one entity
	 * @throws BehaviorContractException when the initial state is {@code null}
	 */
	public static <S extends Message> BehaviorContract<S> durableState(String entityType,
			DurableStateBehavior<S> behavior) {
		return new BehaviorContract<>(entityType, null, behavior, behavior);
	}

	/**
	 * Checks a behaviour as start-up does: it implements a {@code handleCommand}, and its
	 * typed handlers (if any) are consistent.
	 * @param entityType the entity type name
	 * @param behavior the behaviour
	 * @throws EngineConfigurationException naming the entity type and what is wrong
	 */
	public static void validate(String entityType, EntityBehavior<?> behavior) {
		BehaviorValidation.validate(entityType, behavior);
	}

	/**
	 * Decides a command: runs the behaviour's command handler and, for an event-sourced
	 * behaviour, checks and folds the events it persists into {@code state}.
	 * @param command the command
	 * @param state the state to decide it against
	 * @param context the entity and the command
	 * @return {@code true} when the command is accepted (read the decision with
	 * {@link #eventCount()}, {@link #event(int)} and {@link #state()}); {@code false}
	 * when it is rejected or broke the contract (answer it with {@link #refusal()})
	 */
	public boolean decide(Message command, S state, CommandContext context) {
		this.produced = null;
		this.effect = null;
		this.refusal = null;
		this.state = state;
		if (this.durableState != null) {
			return decideState(this.durableState, command, state, context);
		}
		if (this.handlers != null) {
			return decideTyped(this.handlers, command, state, context);
		}
		EventSourcedBehavior<S> behavior = eventSourced();
		List<? extends Message> produced;
		try {
			produced = behavior.handleCommand(command, state, context);
		}
		catch (Throwable ex) {
			return handlingFailed(ex, command);
		}
		if (produced == null) {
			return violated("returned null events for " + typeName(command), null);
		}
		S folded = state;
		for (int i = 0, n = produced.size(); i < n; i++) {
			Message event = produced.get(i);
			if (!ok(this.checks.event(event, i, command))) {
				return false;
			}
			try {
				folded = behavior.handleEvent(event, folded);
			}
			catch (Throwable ex) {
				return foldingFailed(ex, event, i, command);
			}
			if (!ok(this.checks.folded(folded, event, i, command))) {
				return false;
			}
		}
		this.produced = produced;
		this.state = folded;
		return true;
	}

	private boolean decideTyped(HandlerTable<S> table, Message command, S state, CommandContext context) {
		HandlerTable.Entry<S> entry = table.entry(command);
		if (entry == null) {
			return rejected(CommandRejectedException.unsupported(command));
		}
		Effect<?> effect;
		try {
			effect = entry.handler().handle(command, state, context);
		}
		catch (Throwable ex) {
			return handlingFailed(ex, command);
		}
		if (effect == null) {
			return violated("returned a null effect for " + typeName(command), null);
		}
		CommandRejectedException rejection = effect.rejection();
		if (rejection != null) {
			return rejected(rejection);
		}
		S folded = state;
		for (int i = 0, n = effect.eventCount(); i < n; i++) {
			Message event = effect.event(i);
			if (!ok(this.checks.event(event, i, command))) {
				return false;
			}
			if (!ok(this.checks.declared(entry, event, i, command))) {
				return false;
			}
			try {
				folded = table.fold(event, folded);
			}
			catch (Throwable ex) {
				return foldingFailed(ex, event, i, command);
			}
			if (!ok(this.checks.folded(folded, event, i, command))) {
				return false;
			}
		}
		this.effect = effect;
		this.state = folded;
		return true;
	}

	private boolean decideState(DurableStateBehavior<S> behavior, Message command, S state, CommandContext context) {
		S next;
		try {
			next = behavior.handleCommand(command, state, context);
		}
		catch (Throwable ex) {
			return handlingFailed(ex, command);
		}
		if (!ok(this.checks.state(next, command))) {
			return false;
		}
		this.state = (next == state || next.equals(state)) ? state : next;
		return true;
	}

	/**
	 * Folds one event into a state, as recovery and a scenario's given events do.
	 * @param event the event
	 * @param state the state before it
	 * @return the state after it
	 * @throws BehaviorContractException when the state returned is {@code null} or of
	 * another type, or no typed handler folds the event
	 * @throws RuntimeException what the event handler threw
	 */
	public S fold(Message event, S state) {
		S folded = (this.handlers != null) ? this.handlers.fold(event, state)
				: eventSourced().handleEvent(event, state);
		String problem = this.checks.foldedOutsideCommand(folded, event);
		if (problem != null) {
			throw new BehaviorContractException("behaviour of '" + this.entityType + "' " + problem);
		}
		return folded;
	}

	/**
	 * @return how many events the last accepted command persists ({@code 0} for a
	 * durable-state behaviour)
	 */
	public int eventCount() {
		return (this.effect != null) ? this.effect.eventCount() : (this.produced != null) ? this.produced.size() : 0;
	}

	/**
	 * @param index the index, from {@code 0}
	 * @return an event the last accepted command persists
	 */
	public Message event(int index) {
		if (this.effect != null) {
			return this.effect.event(index);
		}
		if (this.produced != null) {
			return this.produced.get(index);
		}
		throw new IndexOutOfBoundsException("the last decision persists no event");
	}

	/**
	 * @return the events the last accepted command persists (a new list)
	 */
	public List<Message> events() {
		int count = eventCount();
		List<Message> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(event(i));
		}
		return events;
	}

	/**
	 * Returns the state after the last accepted command: with its events folded
	 * (event-sourced), or the new state (durable state: the very state it was decided
	 * against when the new one is equal, so that {@code ==} tells whether to write).
	 * @return the state
	 */
	public S state() {
		S state = this.state;
		if (state == null) {
			throw new IllegalStateException("no decision yet");
		}
		return state;
	}

	/**
	 * @return the answer to the last command when it was not accepted: a
	 * {@link CommandReply.Rejected rejection}, or a {@link CommandReply.Failed failure}
	 * with a {@link BehaviorContractException}; {@code null} after an accepted one
	 */
	public @Nullable CommandReply<S> refusal() {
		return this.refusal;
	}

	private EventSourcedBehavior<S> eventSourced() {
		EventSourcedBehavior<S> behavior = this.eventSourced;
		if (behavior == null) {
			throw new IllegalStateException("a durable-state behaviour has no events");
		}
		return behavior;
	}

	/**
	 * A handler threw: a {@link RuntimeException} rejects the command (a
	 * {@link CommandRejectedException} as it is, another with its message as the reason),
	 * an {@link Error} fails it.
	 */
	private boolean handlingFailed(Throwable ex, Message command) {
		if (ex instanceof CommandRejectedException rejection) {
			return rejected(rejection);
		}
		if (ex instanceof RuntimeException runtime) {
			return rejected(rejectionOf(runtime, command));
		}
		return violated("threw " + ex + " handling " + typeName(command) + "; the command was not written", ex);
	}

	/**
	 * An event handler threw while folding the command's events: a
	 * {@link BehaviorContractException} or an {@link Error} fails the command, another
	 * exception rejects it.
	 */
	private boolean foldingFailed(Throwable ex, Message event, int index, Message command) {
		if (ex instanceof CommandRejectedException rejection) {
			return rejected(rejection);
		}
		if (ex instanceof RuntimeException runtime && !(ex instanceof BehaviorContractException)) {
			return rejected(rejectionOf(runtime, command));
		}
		return violated("threw " + ex + " folding event #" + (index + 1) + " " + typeName(event) + " of "
				+ typeName(command) + "; the command was not written", ex);
	}

	/**
	 * Turns an exception a behaviour threw into the rejection the command is answered
	 * with.
	 * @param ex the exception
	 * @param command the command
	 * @return a {@link CommandRejectedException} as it is; another exception wrapped,
	 * with its message as the reason
	 */
	public static CommandRejectedException rejectionOf(RuntimeException ex, Message command) {
		if (ex instanceof CommandRejectedException rejection) {
			return rejection;
		}
		String reason = (ex.getMessage() != null) ? ex.getMessage()
				: ex.getClass().getSimpleName() + " handling " + typeName(command);
		return new CommandRejectedException(reason, ex);
	}

	private boolean rejected(CommandRejectedException rejection) {
		this.refusal = new CommandReply.Rejected<>(rejection);
		return false;
	}

	/**
	 * @return whether there is no problem; otherwise the command failed with it
	 */
	private boolean ok(@Nullable String problem) {
		return problem == null || violated(problem, null);
	}

	private boolean violated(String what, @Nullable Throwable cause) {
		String message = "behaviour of '" + this.entityType + "' " + what;
		this.refusal = new CommandReply.Failed<>((cause != null) ? new BehaviorContractException(message, cause)
				: new BehaviorContractException(message));
		return false;
	}

	private static String typeName(Message message) {
		return EventChecks.typeName(message);
	}

}
