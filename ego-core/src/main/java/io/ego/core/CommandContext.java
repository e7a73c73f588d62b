package io.ego.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a behaviour may know about the command it handles, beyond the command and the
 * state: which entity it is, where its history stands, and the command's id and metadata.
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface CommandContext {

	/**
	 * @return the entity's id (as the caller addressed it)
	 */
	String entityId();

	/**
	 * @return the entity's persistence id ({@code type|id})
	 */
	String persistenceId();

	/**
	 * @return the sequence number of the entity's last event (event-sourced) or its
	 * revision (durable state) before this command; {@code 0} for a new entity
	 */
	long sequenceNr();

	/**
	 * @return the command's id when the caller gave one (see {@link CommandOptions}),
	 * else {@code null}
	 */
	@Nullable String commandId();

	/**
	 * @return the command's metadata (e.g. the trace context it was sent with); empty
	 * when there is none
	 */
	Map<String, String> metadata();

}
