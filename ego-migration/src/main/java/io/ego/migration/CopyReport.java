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
 * @param timersCopied saga timers scheduled on the target at their due times
 * @param sagaIndexCopied saga index entries written
 * @param took how long the copy ran
 * @author eGo team
 * @since 0.2.0
 */
public record CopyReport(long eventsCopied, long eventsSkipped, long entitiesRaised, long snapshotsCopied,
		long statesCopied, long offsetsTranslated, List<String> offsetsReset, long deadLettersCopied,
		long dataKeysCopied, long erasuresCopied, long timersCopied, long sagaIndexCopied, Duration took) {

	public CopyReport {
		offsetsReset = List.copyOf(offsetsReset);
	}

	/**
	 * The report of a copy without sagas.
	 * @param eventsCopied events appended to the target
	 * @param eventsSkipped events the target already held
	 * @param entitiesRaised entities whose highest sequence number was raised
	 * @param snapshotsCopied snapshots written
	 * @param statesCopied durable states restored
	 * @param offsetsTranslated consumer offsets translated
	 * @param offsetsReset consumer offsets reset
	 * @param deadLettersCopied dead letters added
	 * @param dataKeysCopied data keys inserted
	 * @param erasuresCopied erasure markers saved
	 * @param took how long the copy ran
	 */
	public CopyReport(long eventsCopied, long eventsSkipped, long entitiesRaised, long snapshotsCopied,
			long statesCopied, long offsetsTranslated, List<String> offsetsReset, long deadLettersCopied,
			long dataKeysCopied, long erasuresCopied, Duration took) {
		this(eventsCopied, eventsSkipped, entitiesRaised, snapshotsCopied, statesCopied, offsetsTranslated,
				offsetsReset, deadLettersCopied, dataKeysCopied, erasuresCopied, 0, 0, took);
	}

}
