package io.ego.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * A durable-state behaviour made of typed handlers: one per command type, returning the
 * new state (the same or an equal state writes nothing; throw a
 * {@link CommandRejectedException} to reject). The handled command types are derived from
 * the handlers ({@link #commandTypes()}); two handlers for one type fail at start-up,
 * naming it; a command of another type is rejected as unsupported. <pre class="code">
 * &#64;DurableStateEntity("account-limits")
 * class AccountLimitsBehavior extends DurableStateHandlers&lt;AccountLimits&gt; {
 *
 * 	public AccountLimits initialState() {
 * 		return AccountLimits.getDefaultInstance();
 * 	}
 *
 * 	protected void define(Builder&lt;AccountLimits&gt; handlers) {
 * 		handlers.onCommand(SetDebitLimit.class, (set, limits, context) -&gt; limits.toBuilder().setMaxDebit(set.getMaxDebit()).build())
 * 			.onCommand(GetLimits.class, (get, limits, context) -&gt; limits);
 * 	}
 *
 * }
 * </pre> or built in place with {@link #builder(Message)}.
 *
 * @param <S> the state message type
 * @author eGo team
 * @since 0.2.0
 */
public abstract class DurableStateHandlers<S extends Message> implements DurableStateBehavior<S> {

	private volatile @Nullable Map<Class<? extends Message>, CommandHandler<Message, S>> table;

	/**
	 * Creates a behaviour whose handlers {@link #define(Builder)} declares.
	 */
	protected DurableStateHandlers() {
	}

	private DurableStateHandlers(Map<Class<? extends Message>, CommandHandler<Message, S>> table) {
		this.table = table;
	}

	/**
	 * Starts a behaviour built in place.
	 * @param initialState the state of an entity never written
	 * @param <S> the state type
	 * @return the builder
	 */
	public static <S extends Message> Builder<S> builder(S initialState) {
		return new Builder<>(Objects.requireNonNull(initialState, "initialState"));
	}

	/**
	 * Declares the handlers. Called once, when the behaviour is registered, never again.
	 * @param handlers the builder to declare them with
	 */
	protected abstract void define(Builder<S> handlers);

	/**
	 * @return the command types it handles, in declaration order
	 * @throws EngineConfigurationException when the handlers are inconsistent
	 */
	public final Set<Class<? extends Message>> commandTypes() {
		return table().keySet();
	}

	/**
	 * Runs the command's handler.
	 * @throws UnsupportedCommandException when no handler handles its type
	 */
	@Override
	public final S handleCommand(Message command, S state, CommandContext context) {
		CommandHandler<Message, S> handler = table().get(command.getClass());
		if (handler == null) {
			throw CommandRejectedException.unsupported(command);
		}
		return handler.handle(command, state, context);
	}

	/**
	 * Not supported: typed command handlers need their context.
	 * @throws UnsupportedOperationException always; call
	 * {@link #handleCommand(Message, Message, CommandContext)}
	 */
	@Override
	public final S handleCommand(Message command, S state, long revision) {
		throw new UnsupportedOperationException(
				getClass().getName() + " has typed handlers: call handleCommand(command, state, context)");
	}

	final Map<Class<? extends Message>, CommandHandler<Message, S>> table() {
		Map<Class<? extends Message>, CommandHandler<Message, S>> table = this.table;
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
	 */
	@FunctionalInterface
	public interface CommandHandler<C extends Message, S extends Message> {

		/**
		 * Decides what the command does.
		 * @param command the command
		 * @param state the current (stored) state
		 * @param context the entity and the command; its
		 * {@link CommandContext#sequenceNr()} is the revision (valid during this call
		 * only)
		 * @return the new state; the same or an equal one writes nothing
		 */
		S handle(C command, S state, CommandContext context);

	}

	/**
	 * Collects the handlers of a {@link DurableStateHandlers}; two handlers for one type
	 * fail at once, naming it.
	 *
	 * @param <S> the state type
	 */
	public static final class Builder<S extends Message> {

		private final @Nullable S initialState;

		private final Map<Class<? extends Message>, CommandHandler<Message, S>> commands = new LinkedHashMap<>();

		private Builder(@Nullable S initialState) {
			this.initialState = initialState;
		}

		/**
		 * Handles a command type.
		 * @param command the command type
		 * @param handler the handler
		 * @param <C> the command type
		 * @return this builder
		 * @throws EngineConfigurationException when the type has a handler already
		 */
		@SuppressWarnings("unchecked")
		public <C extends Message> Builder<S> onCommand(Class<C> command, CommandHandler<? super C, S> handler) {
			MessageClasses.requireConcrete(command, "command");
			Objects.requireNonNull(handler, "handler");
			if (this.commands.putIfAbsent(command, (CommandHandler<Message, S>) handler) != null) {
				throw new EngineConfigurationException(
						"two command handlers for " + MessageClasses.fullName(command) + ": keep one");
			}
			return this;
		}

		/**
		 * @return the behaviour
		 * @throws IllegalStateException when the builder was given to
		 * {@link DurableStateHandlers#define(Builder)}
		 */
		public DurableStateHandlers<S> build() {
			S initial = this.initialState;
			if (initial == null) {
				throw new IllegalStateException("define(...) declares handlers: do not build its builder");
			}
			return new Built<>(initial, table("DurableStateHandlers of " + MessageClasses.fullName(initial)));
		}

		Map<Class<? extends Message>, CommandHandler<Message, S>> table(String owner) {
			if (this.commands.isEmpty()) {
				throw new EngineConfigurationException(owner + " declares no command handler");
			}
			return Collections.unmodifiableMap(new LinkedHashMap<>(this.commands));
		}

	}

	/** A behaviour built in place. */
	private static final class Built<S extends Message> extends DurableStateHandlers<S> {

		private final S initialState;

		Built(S initialState, Map<Class<? extends Message>, CommandHandler<Message, S>> table) {
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
