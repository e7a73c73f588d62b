package io.ego.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * An event-sourced behaviour made of typed handlers: one command handler per command
 * type, returning an {@link Effect}, and one event handler per event type. The compiler
 * checks each handler against its message types; start-up checks the set: two handlers
 * for one type, or an event type a command handler declares without an event handler,
 * fail the engine's start naming the type. The handled command and event types are
 * derived from the handlers ({@link #commandTypes()}, {@link #eventTypes()},
 * {@link #messageTypes()}); a command of another type is rejected as unsupported.
 * <p>
 * As a class, with collaborators injected and handlers as methods (the Spring way):
 * <pre class="code">
 * &#64;EventSourcedEntity("account")
 * class AccountBehavior extends EventSourcedHandlers&lt;Account&gt; {
 *
 * 	public Account initialState() {
 * 		return Account.getDefaultInstance();
 * 	}
 *
 * 	protected void define(Builder&lt;Account&gt; handlers) {
 * 		handlers.onCommand(OpenAccount.class, AccountOpened.class, this::open)
 * 			.onCommand(GetAccount.class, (get, state, context) -&gt; Effect.none())
 * 			.onEvent(AccountOpened.class, (opened, state) -&gt; state.toBuilder().setOpen(true).build());
 * 	}
 *
 * 	Effect&lt;AccountOpened&gt; open(OpenAccount open, Account state, CommandContext context) {
 * 		return state.getOpen() ? Effect.reject("already open")
 * 				: Effect.persist(AccountOpened.newBuilder().setId(context.entityId()).build());
 * 	}
 *
 * }
 * </pre> or built in place:
 * {@code EventSourcedHandlers.builder(Account.getDefaultInstance())
 * .onCommand(...).onEvent(...).build()}.
 * <p>
 * A command handler declares the event types it persists: one with
 * {@link Builder#onCommand(Class, Class, CommandHandler) onCommand(command, event,
 * handler)}, whose effect the compiler types; several with
 * {@link Builder#onCommand(Class, List, CommandHandler)}; none with
 * {@link Builder#onCommand(Class, CommandHandler)}. Persisting an event the handler does
 * not declare breaks the behaviour contract (the command fails, nothing is written), in
 * the engine and in the testkit alike.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.2.0
 */
public abstract class EventSourcedHandlers<S extends Message> implements EventSourcedBehavior<S> {

	private volatile @Nullable HandlerTable<S> table;

	/**
	 * Creates a behaviour whose handlers {@link #define(Builder)} declares.
	 */
	protected EventSourcedHandlers() {
	}

	private EventSourcedHandlers(HandlerTable<S> table) {
		this.table = table;
	}

	/**
	 * Starts a behaviour built in place.
	 * @param initialState the state of an entity with no history
	 * @param <S> the state type
	 * @return the builder
	 */
	public static <S extends Message> Builder<S> builder(S initialState) {
		return new Builder<>(Objects.requireNonNull(initialState, "initialState"));
	}

	/**
	 * Declares the handlers. Called once, when the behaviour is registered (a constructor
	 * has run to its end by then), never again.
	 * @param handlers the builder to declare them with
	 */
	protected abstract void define(Builder<S> handlers);

	/**
	 * @return the command types it handles, in declaration order
	 * @throws EngineConfigurationException when the handlers are inconsistent
	 */
	public final Set<Class<? extends Message>> commandTypes() {
		return table().commands.keySet();
	}

	/**
	 * @return the event types it folds, in declaration order
	 * @throws EngineConfigurationException when the handlers are inconsistent
	 */
	public final Set<Class<? extends Message>> eventTypes() {
		return table().events.keySet();
	}

	/**
	 * Returns the event types, derived from the event handlers.
	 * @return the default instance of every event type
	 */
	@Override
	public final List<? extends Message> messageTypes() {
		return table().eventInstances;
	}

	/**
	 * Runs the command's handler and turns its effect into the events it persists.
	 * @throws CommandRejectedException when the effect rejects the command, or no handler
	 * handles its type ({@link UnsupportedCommandException})
	 */
	@Override
	public final List<? extends Message> handleCommand(Message command, S state, CommandContext context) {
		Effect<?> effect = table().command(command).handle(command, state, context);
		CommandRejectedException rejection = effect.rejection();
		if (rejection != null) {
			throw rejection;
		}
		return effect.events();
	}

	/**
	 * Not supported: typed command handlers need their context.
	 * @throws UnsupportedOperationException always; call
	 * {@link #handleCommand(Message, Message, CommandContext)}
	 */
	@Override
	public final List<? extends Message> handleCommand(Message command, S state) {
		throw new UnsupportedOperationException(
				getClass().getName() + " has typed handlers: call handleCommand(command, state, context)");
	}

	/**
	 * Folds an event with its handler.
	 * @throws BehaviorContractException when no handler folds its type
	 */
	@Override
	public final S handleEvent(Message event, S state) {
		return table().fold(event, state);
	}

	/** The handlers, declared on first use. */
	final HandlerTable<S> table() {
		HandlerTable<S> table = this.table;
		if (table == null) {
			synchronized (this) {
				table = this.table;
				if (table == null) {
					Builder<S> builder = new Builder<>(null);
					define(builder);
					table = builder.table(getClass().getName());
					this.table = table;
				}
			}
		}
		return table;
	}

	/**
	 * Decides a command of one type.
	 *
	 * @param <C> the command type
	 * @param <S> the state type
	 * @param <E> the type of the events it persists
	 */
	@FunctionalInterface
	public interface CommandHandler<C extends Message, S extends Message, E extends Message> {

		/**
		 * Decides what the command does; pure, as
		 * {@link EventSourcedBehavior#handleCommand(Message, Message, CommandContext)}.
		 * @param command the command
		 * @param state the current state (including events not yet durable)
		 * @param context the entity and the command (valid during this call only)
		 * @return the effect, never {@code null}
		 */
		Effect<? extends E> handle(C command, S state, CommandContext context);

	}

	/**
	 * Folds an event of one type into the state.
	 *
	 * @param <E> the event type
	 * @param <S> the state type
	 */
	@FunctionalInterface
	public interface EventHandler<E extends Message, S extends Message> {

		/**
		 * Folds the event; pure and deterministic (it is replayed on recovery).
		 * @param event the event
		 * @param state the state before it
		 * @return the state after it, never {@code null}
		 */
		S apply(E event, S state);

	}

	/**
	 * Collects the handlers of an {@link EventSourcedHandlers}; each method returns the
	 * builder. Two handlers for one type fail at once, naming it.
	 *
	 * @param <S> the state type
	 */
	public static final class Builder<S extends Message> {

		private final @Nullable S initialState;

		private final Map<Class<? extends Message>, HandlerTable.Entry<S>> commands = new LinkedHashMap<>();

		private final Map<Class<? extends Message>, EventHandler<Message, S>> events = new LinkedHashMap<>();

		private Builder(@Nullable S initialState) {
			this.initialState = initialState;
		}

		/**
		 * Handles a command type whose handler persists one event type (or nothing, or
		 * rejects): the compiler checks that its effect persists that type.
		 * @param command the command type
		 * @param event the event type it persists
		 * @param handler the handler
		 * @param <C> the command type
		 * @param <E> the event type
		 * @return this builder
		 * @throws EngineConfigurationException when the command type has a handler
		 * already
		 */
		public <C extends Message, E extends Message> Builder<S> onCommand(Class<C> command, Class<E> event,
				CommandHandler<? super C, S, E> handler) {
			return command(command, List.of(Objects.requireNonNull(event, "event")), handler);
		}

		/**
		 * Handles a command type whose handler persists events of several types.
		 * @param command the command type
		 * @param events the event types it may persist
		 * @param handler the handler
		 * @param <C> the command type
		 * @return this builder
		 * @throws EngineConfigurationException when the command type has a handler
		 * already
		 */
		public <C extends Message> Builder<S> onCommand(Class<C> command, List<Class<? extends Message>> events,
				CommandHandler<? super C, S, Message> handler) {
			return command(command, List.copyOf(events), handler);
		}

		/**
		 * Handles a command type whose handler persists nothing: it answers with the
		 * state ({@link Effect#none()}) or rejects.
		 * @param command the command type
		 * @param handler the handler
		 * @param <C> the command type
		 * @return this builder
		 * @throws EngineConfigurationException when the command type has a handler
		 * already
		 */
		public <C extends Message> Builder<S> onCommand(Class<C> command,
				CommandHandler<? super C, S, Message> handler) {
			return command(command, List.of(), handler);
		}

		/**
		 * Folds an event type.
		 * @param event the event type
		 * @param handler the handler
		 * @param <E> the event type
		 * @return this builder
		 * @throws EngineConfigurationException when the event type has a handler already
		 */
		@SuppressWarnings("unchecked")
		public <E extends Message> Builder<S> onEvent(Class<E> event, EventHandler<? super E, S> handler) {
			MessageClasses.requireConcrete(event, "event");
			Objects.requireNonNull(handler, "handler");
			if (MessageClasses.isAny(event)) {
				throw new EngineConfigurationException("google.protobuf.Any cannot be an event type: "
						+ "persist the message itself (the engine stores its type name)");
			}
			if (this.events.putIfAbsent(event, (EventHandler<Message, S>) handler) != null) {
				throw new EngineConfigurationException(
						"two event handlers for " + MessageClasses.fullName(event) + ": keep one");
			}
			return this;
		}

		/**
		 * @return the behaviour
		 * @throws EngineConfigurationException when a command handler declares an event
		 * type without an event handler
		 * @throws IllegalStateException when the builder was given to
		 * {@link EventSourcedHandlers#define(Builder)} (it has no initial state)
		 */
		public EventSourcedHandlers<S> build() {
			S initial = this.initialState;
			if (initial == null) {
				throw new IllegalStateException("define(...) declares handlers: do not build its builder");
			}
			return new Built<>(initial, table("EventSourcedHandlers of " + MessageClasses.fullName(initial)));
		}

		@SuppressWarnings("unchecked")
		private Builder<S> command(Class<? extends Message> command, List<Class<? extends Message>> events,
				CommandHandler<?, S, ?> handler) {
			MessageClasses.requireConcrete(command, "command");
			Objects.requireNonNull(handler, "handler");
			for (Class<? extends Message> event : events) {
				MessageClasses.requireConcrete(event, "event");
			}
			HandlerTable.Entry<S> entry = new HandlerTable.Entry<>((CommandHandler<Message, S, ?>) handler,
					events.toArray(new Class<?>[0]));
			if (this.commands.putIfAbsent(command, entry) != null) {
				throw new EngineConfigurationException(
						"two command handlers for " + MessageClasses.fullName(command) + ": keep one");
			}
			return this;
		}

		HandlerTable<S> table(String owner) {
			return HandlerTable.of(owner, this.commands, this.events);
		}

	}

	/** A behaviour built in place. */
	private static final class Built<S extends Message> extends EventSourcedHandlers<S> {

		private final S initialState;

		Built(S initialState, HandlerTable<S> table) {
			super(table);
			this.initialState = initialState;
		}

		@Override
		public S initialState() {
			return this.initialState;
		}

		@Override
		protected void define(Builder<S> handlers) {
			throw new IllegalStateException("built in place");
		}

	}

}
