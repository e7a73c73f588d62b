package io.ego.core.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A durable timer: due at a time, owned by one instance of a timer owner (e.g. one saga
 * instance of a saga type), named so that it can be replaced or cancelled, with an opaque
 * payload the owner reads back when it fires.
 *
 * @param group the owner's kind, e.g. the saga's name
 * @param key the owner instance within its group, e.g. the saga instance's id
 * @param name the timer's name, unique within (group, key)
 * @param dueAt when it is due
 * @param version assigned by the store on every {@link TimerStore#schedule schedule}:
 * higher than that of every earlier timer of the store, {@code 0} before it is stored
 * @param payload opaque bytes for the owner, possibly empty
 * @author eGo team
 * @since 0.2.0
 */
public record TimerRecord(String group, String key, String name, Instant dueAt, long version, byte[] payload) {

	public TimerRecord {
		Objects.requireNonNull(group, "group");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(dueAt, "dueAt");
		Objects.requireNonNull(payload, "payload");
		if (version < 0) {
			throw new IllegalArgumentException("version must not be negative but was " + version);
		}
	}

	/**
	 * Creates a timer to be scheduled (version {@code 0}).
	 * @param group the owner's kind
	 * @param key the owner instance
	 * @param name the timer's name
	 * @param dueAt when it is due
	 * @param payload opaque bytes for the owner
	 * @return the timer
	 */
	public static TimerRecord of(String group, String key, String name, Instant dueAt, byte[] payload) {
		return new TimerRecord(group, key, name, dueAt, 0, payload);
	}

	/**
	 * Returns this timer with the version the store assigned.
	 * @param version the version
	 * @return the stored timer
	 */
	public TimerRecord withVersion(long version) {
		return new TimerRecord(this.group, this.key, this.name, this.dueAt, version, this.payload);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TimerRecord that && this.group.equals(that.group) && this.key.equals(that.key)
				&& this.name.equals(that.name) && this.dueAt.equals(that.dueAt) && this.version == that.version
				&& Arrays.equals(this.payload, that.payload);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.group, this.key, this.name, this.dueAt, this.version) * 31
				+ Arrays.hashCode(this.payload);
	}

	@Override
	public String toString() {
		return "TimerRecord[" + this.group + "/" + this.key + "/" + this.name + " due " + this.dueAt + " v"
				+ this.version + ", " + this.payload.length + " bytes]";
	}

}
