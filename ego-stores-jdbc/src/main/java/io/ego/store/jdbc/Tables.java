package io.ego.store.jdbc;

/**
 * The names of the store's tables for a prefix.
 *
 * @param prefix the validated table prefix
 * @author eGo team
 * @since 0.1.0
 */
record Tables(String prefix) {

	/**
	 * @return the journal: one row per event
	 */
	String journal() {
		return this.prefix + "journal";
	}

	/**
	 * @return the highest sequence numbers of entities whose latest events were deleted
	 */
	String journalHighest() {
		return this.prefix + "journal_highest";
	}

	/**
	 * @return the position allocator: a sequence (PostgreSQL) or a one-row counter table
	 * (MariaDB, H2)
	 */
	String journalPosition() {
		return this.prefix + "journal_position";
	}

	/**
	 * @return the snapshots
	 */
	String snapshot() {
		return this.prefix + "snapshot";
	}

	/**
	 * @return the durable states
	 */
	String durableState() {
		return this.prefix + "durable_state";
	}

	/**
	 * @return the consumer offsets
	 */
	String consumerOffset() {
		return this.prefix + "consumer_offset";
	}

	/**
	 * @return the leases of consumer workers (owner, expiry, fencing token)
	 */
	String consumerLease() {
		return this.prefix + "consumer_lease";
	}

	/**
	 * @return the dead letters of projections and publishers
	 */
	String deadLetter() {
		return this.prefix + "dead_letter";
	}

	/**
	 * @return the wrapped data keys of entities
	 */
	String dataKey() {
		return this.prefix + "data_key";
	}

	/**
	 * @return the erasure markers of erased entities
	 */
	String erasureMarker() {
		return this.prefix + "erasure_marker";
	}

	/**
	 * @return the durable timers (schema version 6)
	 */
	String timer() {
		return this.prefix + "timer";
	}

	/**
	 * @return the sequence of timer versions (PostgreSQL; the others use the counter row
	 * {@code id = 3} of {@link #journalPosition()})
	 */
	String timerVersion() {
		return this.prefix + "timer_version";
	}

	/**
	 * @return the saga index (schema version 7)
	 */
	String sagaIndex() {
		return this.prefix + "saga_index";
	}

	/**
	 * @return the applied schema versions
	 */
	String schemaVersion() {
		return this.prefix + "schema_version";
	}

	/**
	 * Returns the two 32-bit keys of the PostgreSQL advisory locks of this prefix.
	 * @param purpose {@code 1} for position allocation, {@code 2} for schema
	 * initialization
	 * @return the keys, as SQL literals {@code classId, objectId}
	 */
	String advisoryLockKeys(int purpose) {
		return (0x45474f00 | purpose) + ", " + this.prefix.hashCode();
	}

}
