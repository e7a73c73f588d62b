package io.ego.core.internal.entity;

import com.google.protobuf.Message;

/**
 * Implemented by an engine-internal event-sourced behaviour whose entities are usually
 * created by a command of their own (a saga instance by its start): a live entity whose
 * first command says so skips its recovery reads and takes the initial state
 * provisionally. Nothing depends on the hint being right: the first append then expects
 * an empty history, which the event store checks ({@link io.ego.core.store.EventStore}
 * keeps the highest sequence number also after events were deleted), so an entity that
 * has a history conflicts, recovers and decides its commands again; and nothing is
 * answered from the provisional state without that append (a read, a rejection or a no-op
 * recovers first). Not used when the entity's events are encrypted (its data key is read
 * in recovery).
 *
 * @author eGo team
 * @since 0.2.0
 */
public interface NewEntityHint {

	/**
	 * @param command the first command of a live entity
	 * @return whether it most likely creates the entity
	 */
	boolean startsNew(Message command);

}
