package io.ego.core.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.EngineConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * The adapters of a {@link SchemaEvolution}, by stored type and revision: validated when
 * built, looked up and invoked (their failures and broken contracts reported as
 * {@link EventAdapterException}) when a stored message is read; immutable.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class AdapterRegistry {

	/** No adapter. */
	static final AdapterRegistry EMPTY = new AdapterRegistry(Map.of(), Map.of());

	private final Map<String, Map<Integer, EventAdapter>> events;

	private final Map<String, Map<Integer, SnapshotAdapter>> snapshots;

	private AdapterRegistry(Map<String, Map<Integer, EventAdapter>> events,
			Map<String, Map<Integer, SnapshotAdapter>> snapshots) {
		this.events = events;
		this.snapshots = snapshots;
	}

	/**
	 * Validates and indexes adapters: an adapter needs a type name and a revision
	 * {@code >= 1}, at most one adapter reads a type and revision, and an adapter must
	 * not read the revision its type is written at now, nor a later one.
	 * @param revisions the revision each configured type is written at
	 * @param events the event adapters
	 * @param snapshots the snapshot adapters
	 * @return the registry
	 * @throws EngineConfigurationException naming the adapter at fault
	 */
	static AdapterRegistry of(Map<String, Integer> revisions, List<EventAdapter> events,
			List<SnapshotAdapter> snapshots) {
		Map<String, Map<Integer, EventAdapter>> byType = new HashMap<>();
		for (EventAdapter adapter : events) {
			String type = adapter.eventType();
			int revision = adapter.revision();
			if (type == null || type.isBlank() || revision < 1) {
				throw new EngineConfigurationException("event adapter " + adapter + " (" + adapter.getClass().getName()
						+ ") needs an event type and a revision >= 1, but has '" + type + "' and " + revision);
			}
			Integer current = revisions.get(type);
			if (current != null && revision >= current) {
				throw new EngineConfigurationException("event adapter " + adapter.getClass().getName() + " reads '"
						+ type + "' revision " + revision + ", but that type is written at revision " + current
						+ " now: adapters read older revisions only");
			}
			EventAdapter previous = byType.computeIfAbsent(type, (t) -> new HashMap<>()).putIfAbsent(revision, adapter);
			if (previous != null) {
				throw new EngineConfigurationException("two event adapters read '" + type + "' revision " + revision
						+ ": " + previous.getClass().getName() + " and " + adapter.getClass().getName());
			}
		}
		Map<String, Map<Integer, SnapshotAdapter>> snapshotsByType = new HashMap<>();
		for (SnapshotAdapter adapter : snapshots) {
			String type = adapter.stateType();
			int revision = adapter.revision();
			if (type == null || type.isBlank() || revision < 1) {
				throw new EngineConfigurationException(
						"snapshot adapter " + adapter + " (" + adapter.getClass().getName()
								+ ") needs a state type and a revision >= 1, but has '" + type + "' and " + revision);
			}
			Integer current = revisions.get(type);
			if (current != null && revision >= current) {
				throw new EngineConfigurationException("snapshot adapter " + adapter.getClass().getName() + " reads '"
						+ type + "' revision " + revision + ", but that type is written at revision " + current
						+ " now: snapshot adapters read older revisions only");
			}
			SnapshotAdapter previous = snapshotsByType.computeIfAbsent(type, (t) -> new HashMap<>())
				.putIfAbsent(revision, adapter);
			if (previous != null) {
				throw new EngineConfigurationException("two snapshot adapters read '" + type + "' revision " + revision
						+ ": " + previous.getClass().getName() + " and " + adapter.getClass().getName());
			}
		}
		if (byType.isEmpty() && snapshotsByType.isEmpty()) {
			return EMPTY;
		}
		return new AdapterRegistry(frozen(byType), frozen(snapshotsByType));
	}

	private static <A> Map<String, Map<Integer, A>> frozen(Map<String, Map<Integer, A>> byType) {
		Map<String, Map<Integer, A>> frozen = new HashMap<>();
		byType.forEach((type, byRevision) -> frozen.put(type, Map.copyOf(byRevision)));
		return Map.copyOf(frozen);
	}

	/**
	 * @return whether no adapter is registered, of events or of snapshots
	 */
	boolean isEmpty() {
		return this.events.isEmpty() && this.snapshots.isEmpty();
	}

	/**
	 * @return whether an event adapter is registered
	 */
	boolean hasEventAdapters() {
		return !this.events.isEmpty();
	}

	@Nullable EventAdapter eventAdapter(String eventType, int revision) {
		Map<Integer, EventAdapter> byRevision = this.events.get(eventType);
		return (byRevision != null) ? byRevision.get(revision) : null;
	}

	@Nullable SnapshotAdapter snapshotAdapter(String stateType, int revision) {
		Map<Integer, SnapshotAdapter> byRevision = this.snapshots.get(stateType);
		return (byRevision != null) ? byRevision.get(revision) : null;
	}

	/** See {@link SchemaEvolution#adapt(StoredEvent)}. */
	@Nullable List<? extends Message> adapt(StoredEvent event) {
		EventAdapter adapter = eventAdapter(event.eventType(), event.revision());
		if (adapter == null) {
			return null;
		}
		List<? extends Message> adapted;
		try {
			adapted = adapter.adapt(event);
		}
		catch (RuntimeException ex) {
			throw new EventAdapterException("adapter " + adapter + " failed on " + event + ": " + ex, ex);
		}
		if (adapted == null) {
			throw new EventAdapterException("adapter " + adapter + " returned null for " + event + " (return an empty "
					+ "list to drop the event)", null);
		}
		for (Message message : adapted) {
			if (message == null) {
				throw new EventAdapterException("adapter " + adapter + " returned a null event for " + event, null);
			}
		}
		return adapted;
	}

	/** See {@link SchemaEvolution#adapt(StoredSnapshot)}. */
	@Nullable Message adapt(StoredSnapshot snapshot) {
		SnapshotAdapter adapter = snapshotAdapter(snapshot.stateType(), snapshot.revision());
		if (adapter == null) {
			return null;
		}
		Message adapted;
		try {
			adapted = adapter.adapt(snapshot);
		}
		catch (RuntimeException ex) {
			throw new EventAdapterException("adapter " + adapter + " failed on " + snapshot + ": " + ex, ex);
		}
		if (adapted == null) {
			throw new EventAdapterException("adapter " + adapter + " returned null for " + snapshot, null);
		}
		return adapted;
	}

	@Override
	public String toString() {
		return "adapters=" + keys(this.events) + ", snapshotAdapters=" + keys(this.snapshots);
	}

	private static List<String> keys(Map<String, ? extends Map<Integer, ?>> byType) {
		List<String> keys = new ArrayList<>();
		byType.forEach((type, byRevision) -> byRevision.keySet().forEach((r) -> keys.add(type + "@" + r)));
		return keys;
	}

}
