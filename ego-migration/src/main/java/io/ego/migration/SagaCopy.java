package io.ego.migration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.ego.core.saga.SagaStatus;
import io.ego.core.store.SagaIndexEntry;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import org.jspecify.annotations.Nullable;

/**
 * The copy's saga phases: the durable timers of every saga instance (a copied deployment
 * with running sagas keeps their timeouts, at their original due times) and the sagas'
 * status index (counted and listed by operators without reading histories). Both are
 * found from the source journal: a saga instance is an entity of type
 * {@code saga.<name>}, its timers are those of group {@code saga.<name>} and key its id,
 * and its index entries those of saga {@code <name>}. Claims are not copied (they belong
 * to the source's running instances). Idempotent: a timer the target holds with the same
 * due time and payload is left alone, and an index entry only replaces one with a lower
 * sequence number.
 *
 * @author eGo team
 */
final class SagaCopy {

	/** The entity type prefix of saga instances (the engine's saga entity types). */
	static final String SAGA_TYPE_PREFIX = "saga.";

	private final MigrationStores source;

	private final MigrationStores target;

	private final int pageSize;

	private final CopyProgress progress;

	long timers;

	long indexEntries;

	SagaCopy(MigrationStores source, MigrationStores target, int pageSize, CopyProgress progress) {
		this.source = source;
		this.target = target;
		this.pageSize = pageSize;
		this.progress = progress;
	}

	/**
	 * Copies the timers of every saga instance of the source journal, then the index of
	 * every saga seen.
	 */
	void run() {
		TimerStore from = this.source.timers();
		Set<String> sagas = new TreeSet<>();
		String after = "";
		for (;;) {
			List<String> page = this.source.events().persistenceIds(after, this.pageSize);
			if (page.isEmpty()) {
				break;
			}
			for (String persistenceId : page) {
				int bar = persistenceId.indexOf('|');
				if (!persistenceId.startsWith(SAGA_TYPE_PREFIX) || bar < 0) {
					continue;
				}
				String group = persistenceId.substring(0, bar);
				sagas.add(group.substring(SAGA_TYPE_PREFIX.length()));
				if (from != null) {
					copyTimers(from, group, persistenceId.substring(bar + 1));
				}
			}
			after = page.get(page.size() - 1);
			this.progress.progress("timers", this.timers, -1);
		}
		SagaIndexStore index = this.source.sagaIndex();
		if (index != null) {
			for (String saga : sagas) {
				copyIndex(index, saga);
			}
		}
	}

	private void copyTimers(TimerStore from, String group, String key) {
		List<TimerRecord> timers = from.list(group, key);
		if (timers.isEmpty()) {
			return;
		}
		TimerStore to = required(this.target.timers(), "timers (saga timeouts)", "timer store");
		List<TimerRecord> missing = new ArrayList<>(timers.size());
		for (TimerRecord timer : timers) {
			TimerRecord existing = to.get(timer.group(), timer.key(), timer.name());
			if (existing == null || !existing.dueAt().equals(timer.dueAt())
					|| !Arrays.equals(existing.payload(), timer.payload())) {
				missing.add(TimerRecord.of(timer.group(), timer.key(), timer.name(), timer.dueAt(), timer.payload()));
			}
		}
		if (!missing.isEmpty()) {
			to.scheduleAll(missing);
			this.timers += missing.size();
		}
	}

	private void copyIndex(SagaIndexStore from, String saga) {
		for (SagaStatus status : SagaStatus.values()) {
			if (status == SagaStatus.NEW) {
				continue;
			}
			String afterId = null;
			for (;;) {
				List<SagaIndexEntry> page = from.list(saga, status.name(), afterId, this.pageSize);
				if (page.isEmpty()) {
					break;
				}
				required(this.target.sagaIndex(), "saga index entries", "saga index store").updateAll(page);
				this.indexEntries += page.size();
				afterId = page.get(page.size() - 1).sagaId();
				this.progress.progress("saga-index", this.indexEntries, -1);
			}
		}
	}

	private static <T> T required(@Nullable T store, String what, String kind) {
		if (store == null) {
			throw new IllegalStateException(
					"the source holds " + what + " but the target has no " + kind + ": its sagas would lose them");
		}
		return store;
	}

}
