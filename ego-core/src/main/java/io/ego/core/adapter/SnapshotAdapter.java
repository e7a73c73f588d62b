package io.ego.core.adapter;

import java.util.Objects;
import java.util.function.Function;

import com.google.protobuf.Message;

/**
 * Turns a snapshot stored under one state type name at one schema revision into the
 * current state. Recovery uses it instead of discarding the snapshot, which matters most
 * when retention deleted the events the snapshot covers: then the snapshot is the only
 * record of that part of the history. An adapter must be pure and return a state of the
 * entity's current state type.
 * <p>
 * Register adapters with
 * {@link SchemaEvolution.Builder#snapshotAdapter(SnapshotAdapter)}; in Spring, as beans.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface SnapshotAdapter {

	/**
	 * Returns the state type name of the stored snapshots this adapter reads.
	 * @return the protobuf full name the snapshots were written with
	 */
	String stateType();

	/**
	 * Returns the schema revision of the stored snapshots this adapter reads.
	 * @return the revision, {@code >= 1} ({@code 1} for snapshots written before the type
	 * had a revision)
	 */
	int revision();

	/**
	 * Adapts one stored snapshot.
	 * @param snapshot the stored snapshot
	 * @return the current state it stands for
	 */
	Message adapt(StoredSnapshot snapshot);

	/**
	 * Creates an adapter from a function.
	 * @param stateType the stored state type name it reads
	 * @param revision the stored revision it reads
	 * @param adapter the mapping
	 * @return the adapter
	 */
	static SnapshotAdapter of(String stateType, int revision, Function<StoredSnapshot, ? extends Message> adapter) {
		Objects.requireNonNull(stateType, "stateType");
		Objects.requireNonNull(adapter, "adapter");
		return new SnapshotAdapter() {

			@Override
			public String stateType() {
				return stateType;
			}

			@Override
			public int revision() {
				return revision;
			}

			@Override
			public Message adapt(StoredSnapshot snapshot) {
				return adapter.apply(snapshot);
			}

			@Override
			public String toString() {
				return "SnapshotAdapter[" + stateType + " revision " + revision + "]";
			}

		};
	}

}
