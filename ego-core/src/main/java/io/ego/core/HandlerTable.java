package io.ego.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import io.ego.core.EventSourcedHandlers.CommandHandler;
import io.ego.core.EventSourcedHandlers.EventHandler;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of an {@link EventSourcedHandlers}, checked and frozen: the lookup of a
 * command's handler and of an event's, for the behaviour and for
 * {@link BehaviorContract}.
 *
 * @param <S> the state type
 * @author eGo team
 * @since 0.2.0
 */
final class HandlerTable<S extends Message> {

	final Map<Class<? extends Message>, Entry<S>> commands;

	final Map<Class<? extends Message>, EventHandler<Message, S>> events;

	final List<? extends Message> eventInstances;

	/**
	 * The handled classes and their handlers, side by side: a scan by identity over a few
	 * classes is faster than hashing (a behaviour has a handful of types).
	 */
	private final Class<?>[] commandTypes;

	private final List<Entry<S>> commandEntries;

	private final Class<?>[] eventTypes;

	private final List<EventHandler<Message, S>> eventHandlers;

	private HandlerTable(Map<Class<? extends Message>, Entry<S>> commands,
			Map<Class<? extends Message>, EventHandler<Message, S>> events) {
		// unmodifiable views keep the declaration order; the maps are never changed
		this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
		this.events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
		List<Message> instances = new ArrayList<>();
		for (Class<? extends Message> event : events.keySet()) {
			instances.add(MessageClasses.defaultInstance(event));
		}
		this.eventInstances = List.copyOf(instances);
		this.commandTypes = commands.keySet().toArray(new Class<?>[0]);
		this.commandEntries = List.copyOf(commands.values());
		this.eventTypes = events.keySet().toArray(new Class<?>[0]);
		this.eventHandlers = List.copyOf(events.values());
	}

	/**
	 * Checks the handlers a builder collected and freezes them.
	 * @param owner what the messages name
	 * @param commands the command handlers, in declaration order
	 * @param events the event handlers, in declaration order
	 * @param <S> the state type
	 * @return the table
	 * @throws EngineConfigurationException when a command handler declares an event type
	 * without an event handler, or there is no command handler
	 */
	static <S extends Message> HandlerTable<S> of(String owner, Map<Class<? extends Message>, Entry<S>> commands,
			Map<Class<? extends Message>, EventHandler<Message, S>> events) {
		List<String> missing = new ArrayList<>();
		for (Map.Entry<Class<? extends Message>, Entry<S>> command : commands.entrySet()) {
			for (Class<?> event : command.getValue().events) {
				if (!events.containsKey(event)) {
					missing.add(MessageClasses.fullName(event) + " (persisted by the handler of "
							+ MessageClasses.fullName(command.getKey()) + ")");
				}
			}
		}
		if (!missing.isEmpty()) {
			throw new EngineConfigurationException(
					owner + ": no event handler for " + String.join(", ", missing) + ": add onEvent(...) for each");
		}
		if (commands.isEmpty()) {
			throw new EngineConfigurationException(owner + " declares no command handler");
		}
		return new HandlerTable<>(commands, events);
	}

	/**
	 * @return the entry of the command's type, or {@code null}
	 */
	@Nullable Entry<S> entry(Message command) {
		Class<?> type = command.getClass();
		Class<?>[] types = this.commandTypes;
		for (int i = 0; i < types.length; i++) {
			if (types[i] == type) {
				return this.commandEntries.get(i);
			}
		}
		return null;
	}

	private @Nullable EventHandler<Message, S> eventHandler(Message event) {
		Class<?> type = event.getClass();
		Class<?>[] types = this.eventTypes;
		for (int i = 0; i < types.length; i++) {
			if (types[i] == type) {
				return this.eventHandlers.get(i);
			}
		}
		return null;
	}

	CommandHandler<Message, S, ?> command(Message command) {
		Entry<S> entry = entry(command);
		if (entry == null) {
			throw CommandRejectedException.unsupported(command);
		}
		return entry.handler();
	}

	S fold(Message event, S state) {
		EventHandler<Message, S> handler = eventHandler(event);
		if (handler == null) {
			throw new BehaviorContractException("no event handler for " + MessageClasses.fullName(event.getClass())
					+ " (handled: " + names(this.events.keySet()) + ")");
		}
		return handler.apply(event, state);
	}

	private static String names(Set<Class<? extends Message>> types) {
		List<String> names = new ArrayList<>();
		for (Class<? extends Message> type : types) {
			names.add(MessageClasses.fullName(type));
		}
		return String.join(", ", names);
	}

	/** A command handler and the event types it declares. */
	record Entry<S extends Message>(CommandHandler<Message, S, ?> handler, Class<?>[] events) {

		/**
		 * @return whether the handler declares the event's type
		 */
		boolean declares(Message event) {
			Class<?> type = event.getClass();
			for (Class<?> declared : this.events) {
				if (declared == type) {
					return true;
				}
			}
			return false;
		}

		String declared() {
			if (this.events.length == 0) {
				return "declares no event type";
			}
			Set<String> names = new LinkedHashSet<>();
			for (Class<?> event : this.events) {
				names.add(MessageClasses.fullName(event));
			}
			return "declares " + String.join(", ", names);
		}

	}

}
