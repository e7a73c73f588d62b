package io.ego.core.adapter;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.google.protobuf.Message;

/**
 * Turns events stored under one type name at one schema revision into current events:
 * zero (the event no longer means anything), one (a renamed type, a changed field) or
 * many (a split). Adapters run wherever stored events are read — entity recovery,
 * projections, publishers, the testkit — after decryption and before the behaviour or
 * handler; what they return is used as is (not adapted again). They must be pure and
 * fast.
 * <p>
 * Register adapters with {@link SchemaEvolution.Builder#adapter(EventAdapter)}; in
 * Spring, as beans.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface EventAdapter {

	/**
	 * Returns the type name of the stored events this adapter reads.
	 * @return the protobuf full name the events were written with
	 */
	String eventType();

	/**
	 * Returns the schema revision of the stored events this adapter reads.
	 * @return the revision, {@code >= 1} ({@code 1} for events written before the type
	 * had a revision)
	 */
	int revision();

	/**
	 * Adapts one stored event.
	 * @param event the stored event
	 * @return the current events it stands for, in order; empty to drop it
	 */
	List<? extends Message> adapt(StoredEvent event);

	/**
	 * Creates an adapter from a function.
	 * @param eventType the stored type name it reads
	 * @param revision the stored revision it reads
	 * @param adapter the mapping
	 * @return the adapter
	 */
	static EventAdapter of(String eventType, int revision, Function<StoredEvent, List<? extends Message>> adapter) {
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(adapter, "adapter");
		return new EventAdapter() {

			@Override
			public String eventType() {
				return eventType;
			}

			@Override
			public int revision() {
				return revision;
			}

			@Override
			public List<? extends Message> adapt(StoredEvent event) {
				return adapter.apply(event);
			}

			@Override
			public String toString() {
				return "EventAdapter[" + eventType + " revision " + revision + "]";
			}

		};
	}

}
