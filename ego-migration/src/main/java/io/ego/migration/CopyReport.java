package io.ego.migration;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link StoreCopy} did.
 *
 * @param eventsCopied events appended to the target
 * @param eventsSkipped events the target already held (a resumed copy)
 * @param entitiesRaised entities whose highest sequence number was raised on the target
 * without events (a history shortened by retention)
 * @param snapshotsCopied snapshots written
 * @param statesCopied durable states restored at their revision
 * @param offsetsTranslated consumer offsets moved to the target's positions
 * @param offsetsReset consumer offsets reset to the start (state-feed consumers, or on
 * request), by {@code consumer/partition}
 * @param deadLettersCopied dead letters added, their positions translated
 * @param dataKeysCopied data keys inserted (wrapped as they were)
 * @param erasuresCopied erasure markers saved
 * @param took how long the copy ran
 * @author eGo team
 * @since 0.2.0
 */
public record CopyReport(long eventsCopied, long eventsSkipped, long entitiesRaised, long snapshotsCopied,
		long statesCopied, long offsetsTranslated, List<String> offsetsReset, long deadLettersCopied,
		long dataKeysCopied, long erasuresCopied, Duration took) {

	public CopyReport {
		offsetsReset = List.copyOf(offsetsReset);
	}

}
