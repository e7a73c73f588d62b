package io.ego.migration;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link SnapshotBackfill} did.
 *
 * @param entityType the entity type
 * @param snapshotted entities snapshotted at their head
 * @param skipped entities whose latest snapshot was already at their head
 * @param failures entities not snapshotted, each with why (run the backfill again)
 * @param took how long it ran
 * @author eGo team
 * @since 0.2.0
 */
public record BackfillReport(String entityType, long snapshotted, long skipped, List<String> failures, Duration took) {

	public BackfillReport {
		failures = List.copyOf(failures);
	}

}
