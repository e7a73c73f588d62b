package io.ego.core.adapter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.EngineConfigurationException;
import io.ego.core.UnknownMessageTypeException;
import org.jspecify.annotations.Nullable;

/**
 * How an application's messages evolve: the schema revision each message type is written
 * at, and the {@link EventAdapter adapters} that read events written at older revisions.
 * Set it on the engine builder (and on testkit scenarios); immutable.
 *
 * <h2>Revisions</h2> A message type is written at revision {@code 1} unless configured
 * otherwise. An event records its revision in its metadata under {@value #REVISION_KEY}
 * (only when it is above 1, so events of unconfigured types carry nothing); a snapshot
 * records the revision of its state type inside its payload. Recovery discards a snapshot
 * whose recorded revision differs from the state type's current one and replays the
 * events instead.
 *
 * <h2>Evolving a message</h2>
 * <ul>
 * <li>Adding a field, or removing one (mark its number {@code reserved}), needs nothing:
 * protobuf reads old bytes with the new type and new bytes with the old type. Keep the
 * revision.</li>
 * <li>Renaming a field keeps its number, so it needs nothing either.</li>
 * <li>Changing what a field means, its type, or splitting or merging events: bump the
 * type's revision and register an adapter for each older revision that turns the stored
 * bytes into current events (parse them with a copy of the old definition kept under
 * another name, or with the current type when the numbers still fit).</li>
 * <li>Renaming or retiring an event type: keep reading the old name with an adapter for
 * it (revision 1 when it never had one); the old type then needs no class any more.</li>
 * <li>A state type whose old snapshots would be read wrongly (a new field derived from
 * events that old snapshots lack, a changed meaning, or events an adapter now reads
 * differently from how they were folded into the snapshot): bump the state type's
 * revision; old snapshots are discarded and entities replay — unless a
 * {@link SnapshotAdapter} reads the old revision, which then turns the snapshot into the
 * current state. When retention deletes events, a discarded snapshot may be the only
 * record of the history it covers: such an entity fails recovery (nothing is lost;
 * register the adapter), and an engine whose entity type deletes events on snapshot
 * refuses to start without an adapter for every older revision of its state type.</li>
 * <li>During a rolling deployment an older release reads events of a newer revision as
 * its own type (it has no adapter for them) and discards newer snapshots: keep such
 * changes readable by the older release, or deploy without overlap.</li>
 * </ul>
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class SchemaEvolution {

	/**
	 * Metadata key under which an event records the revision it was written at (absent
	 * for revision 1).
	 */
	public static final String REVISION_KEY = "ego.rev";

	private static final SchemaEvolution NONE = new SchemaEvolution(Map.of(), AdapterRegistry.EMPTY);

	private final Map<String, Integer> revisions;

	private final AdapterRegistry adapters;

	private final Map<String, Map<String, String>> revisionMetadata;

	private SchemaEvolution(Map<String, Integer> revisions, AdapterRegistry adapters) {
		this.revisions = Map.copyOf(revisions);
		this.adapters = adapters;
		Map<String, Map<String, String>> metadata = new HashMap<>();
		revisions.forEach((type, revision) -> {
			if (revision > 1) {
				metadata.put(type, Map.of(REVISION_KEY, Integer.toString(revision)));
			}
		});
		this.revisionMetadata = Map.copyOf(metadata);
	}

	/**
	 * @return no revisions (everything at revision 1), no adapters
	 */
	public static SchemaEvolution none() {
		return NONE;
	}

	/**
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns the revision a message type is written at.
	 * @param messageType the protobuf full name
	 * @return the configured revision, {@code 1} when none is
	 */
	public int revisionOf(String messageType) {
		Integer revision = this.revisions.get(messageType);
		return (revision != null) ? revision : 1;
	}

	/**
	 * Returns what an event of a type records in its metadata: {@code {ego.rev=N}} when
	 * its revision is above 1.
	 * @param eventType the protobuf full name
	 * @return the metadata to record, empty for revision 1
	 */
	public Map<String, String> metadataFor(String eventType) {
		Map<String, String> metadata = this.revisionMetadata.get(eventType);
		return (metadata != null) ? metadata : Map.of();
	}

	/**
	 * @return whether a message type has a revision above 1
	 */
	public boolean hasRevisions() {
		return !this.revisionMetadata.isEmpty();
	}

	/**
	 * @return whether any adapter is registered
	 */
	public boolean hasAdapters() {
		return this.adapters.hasEventAdapters();
	}

	/**
	 * Returns the adapter of stored events of a type and revision.
	 * @param eventType the stored type name
	 * @param revision the stored revision
	 * @return the adapter, or {@code null} when the event is read as it is
	 */
	public @Nullable EventAdapter adapterFor(String eventType, int revision) {
		return this.adapters.eventAdapter(eventType, revision);
	}

	/**
	 * Returns the adapter of stored snapshots of a state type and revision.
	 * @param stateType the stored state type name
	 * @param revision the stored revision
	 * @return the adapter, or {@code null} when none reads this type and revision
	 */
	public @Nullable SnapshotAdapter snapshotAdapterFor(String stateType, int revision) {
		return this.adapters.snapshotAdapter(stateType, revision);
	}

	/**
	 * Adapts a stored snapshot with its adapter.
	 * @param snapshot the stored snapshot
	 * @return the current state, or {@code null} when no adapter reads this type and
	 * revision
	 * @throws EventAdapterException when the adapter failed or returned null
	 */
	public @Nullable Message adapt(StoredSnapshot snapshot) {
		return this.adapters.adapt(snapshot);
	}

	/**
	 * Returns the older revisions of a state type that no snapshot adapter reads:
	 * snapshots of those revisions would be discarded.
	 * @param stateType the current state type name
	 * @return the revisions below the current one without an adapter, ascending; empty at
	 * revision 1
	 */
	public List<Integer> unadaptedStateRevisions(String stateType) {
		List<Integer> missing = new ArrayList<>();
		for (int revision = 1, current = revisionOf(stateType); revision < current; revision++) {
			if (snapshotAdapterFor(stateType, revision) == null) {
				missing.add(revision);
			}
		}
		return missing;
	}

	/**
	 * Returns the revision an event recorded in its metadata.
	 * @param metadata the event's metadata
	 * @return the revision, {@code 1} when none is recorded
	 * @throws UnknownMessageTypeException when the recorded revision is not a positive
	 * number
	 */
	public static int recordedRevision(Map<String, String> metadata) {
		String value = metadata.get(REVISION_KEY);
		if (value == null) {
			return 1;
		}
		try {
			int revision = Integer.parseInt(value);
			if (revision >= 1) {
				return revision;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UnknownMessageTypeException("malformed " + REVISION_KEY + " '" + value + "' in event metadata");
	}

	/**
	 * Adapts a stored event with its adapter.
	 * @param event the stored event
	 * @return the current events, or {@code null} when no adapter reads this type and
	 * revision
	 * @throws EventAdapterException when the adapter failed or returned a null event
	 */
	public @Nullable List<? extends Message> adapt(StoredEvent event) {
		return this.adapters.adapt(event);
	}

	@Override
	public String toString() {
		return "SchemaEvolution[revisions=" + this.revisions + ", " + this.adapters + "]";
	}

	/**
	 * Builds a {@link SchemaEvolution}; {@link #build()} validates it.
	 */
	public static final class Builder {

		private final Map<String, Integer> revisions = new LinkedHashMap<>();

		private final List<EventAdapter> adapters = new ArrayList<>();

		private final List<SnapshotAdapter> snapshotAdapters = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Registers a snapshot adapter.
		 * @param adapter the adapter
		 * @return this builder
		 */
		public Builder snapshotAdapter(SnapshotAdapter adapter) {
			if (adapter == null) {
				throw new EngineConfigurationException("snapshot adapter is null");
			}
			this.snapshotAdapters.add(adapter);
			return this;
		}

		/**
		 * Registers snapshot adapters.
		 * @param adapters the adapters
		 * @return this builder
		 */
		public Builder snapshotAdapters(List<? extends SnapshotAdapter> adapters) {
			for (SnapshotAdapter adapter : adapters) {
				snapshotAdapter(adapter);
			}
			return this;
		}

		/**
		 * Sets the revision a message type (event or state) is written at.
		 * @param messageType the protobuf full name
		 * @param revision the revision, {@code >= 1}
		 * @return this builder
		 */
		public Builder revision(String messageType, int revision) {
			if (messageType == null || messageType.isBlank()) {
				throw new EngineConfigurationException("a schema revision needs a message type name");
			}
			if (revision < 1) {
				throw new EngineConfigurationException(
						"revision of '" + messageType + "' must be >= 1 but was " + revision);
			}
			Integer previous = this.revisions.putIfAbsent(messageType, revision);
			if (previous != null && previous != revision) {
				throw new EngineConfigurationException(
						"revision of '" + messageType + "' is set twice: " + previous + " and " + revision);
			}
			return this;
		}

		/**
		 * Sets the revision a message type (event or state) is written at.
		 * @param prototype any instance of the type
		 * @param revision the revision, {@code >= 1}
		 * @return this builder
		 */
		public Builder revision(Message prototype, int revision) {
			return revision(prototype.getDescriptorForType().getFullName(), revision);
		}

		/**
		 * Registers an adapter.
		 * @param adapter the adapter
		 * @return this builder
		 */
		public Builder adapter(EventAdapter adapter) {
			if (adapter == null) {
				throw new EngineConfigurationException("event adapter is null");
			}
			this.adapters.add(adapter);
			return this;
		}

		/**
		 * Registers adapters.
		 * @param adapters the adapters
		 * @return this builder
		 */
		public Builder adapters(List<? extends EventAdapter> adapters) {
			for (EventAdapter adapter : adapters) {
				adapter(adapter);
			}
			return this;
		}

		/**
		 * Validates and builds: an adapter needs a type name and a revision {@code >= 1},
		 * at most one adapter reads a type and revision, and an adapter must not read the
		 * revision a type is configured to be written at now (it would rewrite every new
		 * event).
		 * @return the schema evolution
		 * @throws EngineConfigurationException naming the adapter at fault
		 */
		public SchemaEvolution build() {
			AdapterRegistry adapters = AdapterRegistry.of(this.revisions, this.adapters, this.snapshotAdapters);
			if (this.revisions.isEmpty() && adapters.isEmpty()) {
				return NONE;
			}
			return new SchemaEvolution(this.revisions, adapters);
		}

	}

}
