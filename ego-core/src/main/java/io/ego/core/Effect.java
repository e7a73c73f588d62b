package io.ego.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * What a typed command handler of {@link EventSourcedHandlers} decided: {@link #persist
 * persist} events (the command is then answered with the state after them, once they are
 * durable), {@link #none() nothing} (answered with the current state), or
 * {@link #reject(String) reject} the command. The names are Pekko's.
 * <p>
 * An effect is immutable; {@code persist} of one event allocates nothing but the effect.
 *
 * @param <E> the type of the events it persists (the command handler's declared event
 * type)
 * @author eGo team
 * @since 0.2.0
 */
public final class Effect<E extends Message> {

	private static final Effect<?> NONE = new Effect<>(null, null, null);

	/** The one event persisted, or {@code null}. */
	private final @Nullable Message single;

	/** The events persisted when there are not exactly one, or {@code null}. */
	private final @Nullable List<? extends Message> many;

	private final @Nullable CommandRejectedException rejection;

	private Effect(@Nullable Message single, @Nullable List<? extends Message> many,
			@Nullable CommandRejectedException rejection) {
		this.single = single;
		this.many = many;
		this.rejection = rejection;
	}

	/**
	 * Persists one event.
	 * @param event the event
	 * @param <E> its type
	 * @return the effect
	 */
	public static <E extends Message> Effect<E> persist(E event) {
		return new Effect<>(Objects.requireNonNull(event, "event"), null, null);
	}

	/**
	 * Persists events, in order, in one atomic write.
	 * @param events the events; none is the same as {@link #none()}
	 * @param <E> their type
	 * @return the effect
	 */
	@SafeVarargs
	public static <E extends Message> Effect<E> persist(E... events) {
		List<E> list = new ArrayList<>(events.length);
		for (E event : events) {
			list.add(event);
		}
		return persist(list);
	}

	/**
	 * Persists events, in order, in one atomic write.
	 * @param events the events; none is the same as {@link #none()}
	 * @param <E> their type
	 * @return the effect
	 */
	public static <E extends Message> Effect<E> persist(List<? extends E> events) {
		return switch (events.size()) {
			case 0 -> none();
			case 1 -> persist(events.get(0));
			default -> new Effect<>(null, List.copyOf(events), null);
		};
	}

	/**
	 * Persists nothing: the command is accepted with the current state (a query, or a
	 * command that is already applied).
	 * @param <E> the event type
	 * @return the effect
	 */
	@SuppressWarnings("unchecked")
	public static <E extends Message> Effect<E> none() {
		return (Effect<E>) NONE;
	}

	/**
	 * Rejects the command with a reason; nothing is written.
	 * @param reason the domain's reason
	 * @param <E> the event type
	 * @return the effect
	 */
	public static <E extends Message> Effect<E> reject(String reason) {
		return reject(new CommandRejectedException(reason));
	}

	/**
	 * Rejects the command; nothing is written.
	 * @param rejection the rejection, e.g. a domain subclass of
	 * {@link CommandRejectedException}
	 * @param <E> the event type
	 * @return the effect
	 */
	public static <E extends Message> Effect<E> reject(CommandRejectedException rejection) {
		return new Effect<>(null, null, Objects.requireNonNull(rejection, "rejection"));
	}

	/**
	 * @return the rejection when the command is rejected, else {@code null}
	 */
	public @Nullable CommandRejectedException rejection() {
		return this.rejection;
	}

	/**
	 * @return how many events it persists
	 */
	public int eventCount() {
		return (this.single != null) ? 1 : (this.many != null) ? this.many.size() : 0;
	}

	/**
	 * @param index the index of an event, from {@code 0}
	 * @return that event
	 * @throws IndexOutOfBoundsException when there is no such event
	 */
	public Message event(int index) {
		if (this.single != null && index == 0) {
			return this.single;
		}
		if (this.many != null) {
			return this.many.get(index);
		}
		throw new IndexOutOfBoundsException("the effect persists " + eventCount() + " event(s), not #" + index);
	}

	/**
	 * @return the events it persists, in order (a new list each time)
	 */
	public List<Message> events() {
		if (this.single != null) {
			return List.of(this.single);
		}
		return (this.many != null) ? List.copyOf(this.many) : List.of();
	}

	@Override
	public String toString() {
		return (this.rejection != null) ? "Effect.reject(" + this.rejection.reason() + ")"
				: (eventCount() == 0) ? "Effect.none()" : "Effect.persist(" + eventCount() + " event(s))";
	}

}
