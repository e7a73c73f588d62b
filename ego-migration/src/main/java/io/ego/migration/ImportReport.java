package io.ego.migration;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link GoEgoImport} did.
 *
 * @param entities entities imported
 * @param eventsImported events appended to the target
 * @param eventsSkipped events the target already held (a resumed import)
 * @param deletedRowsSkipped rows marked {@code is_deleted} in the Go journal
 * @param snapshotsImported snapshots written, from {@code snapshots_store}
 * @param inlineStatesAsSnapshots v3 rows whose inline state became the entity's snapshot
 * (entities without a snapshot row)
 * @param statesImported durable states restored at their version
 * @param left entities left out, each with why: no entity type for its id, or encrypted
 * rows (Go eGo's encryption format is not this one)
 * @param took how long the import ran
 * @author eGo team
 * @since 0.2.0
 */
public record ImportReport(long entities, long eventsImported, long eventsSkipped, long deletedRowsSkipped,
		long snapshotsImported, long inlineStatesAsSnapshots, long statesImported, List<String> left, Duration took) {

	public ImportReport {
		left = List.copyOf(left);
	}

}
