package io.ego.core;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * The checks {@link BehaviorContract} makes of what a behaviour returned: the events it
 * persists and the states it folds or writes. Each returns what is wrong (to follow
 * "behaviour of 'type' "), or {@code null} when nothing is.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class EventChecks {

	private final Class<?> stateClass;

	private final String stateType;

	EventChecks(Message initialState) {
		this.stateClass = initialState.getClass();
		this.stateType = typeName(initialState);
	}

	/**
	 * @return what is wrong with event #{@code index + 1}: {@code null} or a
	 * {@code google.protobuf.Any}
	 */
	@Nullable String event(@Nullable Message event, int index, Message command) {
		if (event == null) {
			return "returned a null event #" + (index + 1) + " for " + typeName(command);
		}
		if (event instanceof Any) {
			return "returned a google.protobuf.Any event #" + (index + 1) + " for " + typeName(command)
					+ " (return the message itself)";
		}
		return null;
	}

	/**
	 * @return what is wrong when the typed handler does not declare the event's type
	 */
	@Nullable String declared(HandlerTable.Entry<?> entry, Message event, int index, Message command) {
		if (entry.declares(event)) {
			return null;
		}
		return "persisted " + typeName(event) + " (event #" + (index + 1) + ") for " + typeName(command)
				+ ", whose handler " + entry.declared();
	}

	/**
	 * @return what is wrong with the state folded from event #{@code index + 1}
	 */
	@Nullable String folded(@Nullable Message folded, Message event, int index, Message command) {
		if (isState(folded)) {
			return null;
		}
		return "returned " + describe(folded) + " for event #" + (index + 1) + " " + typeName(event) + " of "
				+ typeName(command) + "; the state type is " + this.stateType;
	}

	/**
	 * @return what is wrong with the state a durable-state handler returned
	 */
	@Nullable String state(@Nullable Message next, Message command) {
		if (isState(next)) {
			return null;
		}
		return "returned " + ((next != null) ? "a " + typeName(next) : "null") + " for " + typeName(command)
				+ "; the state type is " + this.stateType;
	}

	/**
	 * @return what is wrong with the state folded from an event outside a command
	 */
	@Nullable String foldedOutsideCommand(@Nullable Message folded, Message event) {
		if (isState(folded)) {
			return null;
		}
		return "returned " + describe(folded) + " for event " + typeName(event) + "; the state type is "
				+ this.stateType;
	}

	private boolean isState(@Nullable Message state) {
		return state != null && state.getClass() == this.stateClass;
	}

	private static String describe(@Nullable Message state) {
		return (state == null) ? "a null state" : "a " + typeName(state) + " state";
	}

	static String typeName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

}
