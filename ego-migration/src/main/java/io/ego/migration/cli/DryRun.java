package io.ego.migration.cli;

import java.util.List;
import java.util.Locale;

import io.ego.core.store.Offset;
import io.ego.migration.MigrationStores;
import io.ego.migration.StoreCopy;
import org.jspecify.annotations.Nullable;

/**
 * What a copy would do, read without writing: the source's size and whether the target is
 * empty or holds an interrupted copy.
 *
 * @author eGo team
 */
final class DryRun {

	private DryRun() {
	}

	/**
	 * @param target the target database
	 * @param tablePrefix its tables' prefix
	 * @return its stores, or {@code null} when it has no eGo schema yet (nothing created)
	 */
	static @Nullable MigrationStores existing(Database target, String tablePrefix) {
		try {
			return target.stores(tablePrefix, false);
		}
		catch (RuntimeException noSchema) {
			return null;
		}
	}

	static String describe(MigrationStores source, @Nullable MigrationStores target) {
		long entities = 0;
		String after = "";
		for (;;) {
			List<String> page = source.events().persistenceIds(after, 1_000);
			if (page.isEmpty()) {
				break;
			}
			entities += page.size();
			after = page.get(page.size() - 1);
		}
		List<String> consumers = source.offsets().consumers();
		StringBuilder text = new StringBuilder(
				String.format(Locale.ROOT,
						"dry run, nothing written: the source holds %,d entities, journal head at position %,d, "
								+ "%,d consumers %s",
						entities, source.events().headPosition(), consumers.size(), consumers));
		if (target == null) {
			return text.append("\nthe target has no eGo tables yet: the copy will create them").toString();
		}
		long targetHead = target.events().headPosition();
		Offset checkpoint = target.offsets().get(StoreCopy.CHECKPOINT_CONSUMER, "events");
		if (checkpoint != null) {
			text.append(String.format(Locale.ROOT,
					"%nthe target holds an interrupted copy: it resumes after source position %,d",
					checkpoint.position()));
		}
		else if (targetHead > 0) {
			text.append(String.format(Locale.ROOT, "%nthe target is not empty (journal head at %,d): events it "
					+ "already holds are skipped, others are appended after them", targetHead));
		}
		else {
			text.append("\nthe target is empty");
		}
		return text.toString();
	}

}
