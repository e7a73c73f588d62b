package io.ego.spring.boot.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.ClassUtils;

/**
 * {@link HealthIndicator} for the eGo stores: makes one cheap read against each store and
 * reports {@code DOWN} with the failing store's error when any read fails.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoStoresHealthIndicator implements HealthIndicator {

	/** Persistence id read by the probes; no entity has it. */
	static final String PROBE_ID = "ego-health|probe";

	private final Map<String, Probe> probes = new LinkedHashMap<>();

	/**
	 * Creates an indicator for the given stores; a {@code null} store is not checked.
	 * @param eventStore the event store
	 * @param snapshotStore the snapshot store
	 * @param durableStateStore the durable-state store
	 * @param offsetStore the offset store
	 */
	public EgoStoresHealthIndicator(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, @Nullable OffsetStore offsetStore) {
		add("eventStore", eventStore, EventStore::headPosition);
		add("snapshotStore", snapshotStore, (store) -> store.latest(PROBE_ID));
		add("durableStateStore", durableStateStore, (store) -> store.get(PROBE_ID));
		add("offsetStore", offsetStore, (store) -> store.get(PROBE_ID, "0"));
	}

	private <S> void add(String name, @Nullable S store, Consumer<S> read) {
		if (store != null) {
			this.probes.put(name, new Probe(ClassUtils.getUserClass(store).getName(), () -> read.accept(store)));
		}
	}

	@Override
	public Health health() {
		boolean up = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (Map.Entry<String, Probe> entry : this.probes.entrySet()) {
			Probe probe = entry.getValue();
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("type", probe.type());
			try {
				probe.check().run();
				detail.put("status", "UP");
			}
			catch (RuntimeException ex) {
				up = false;
				detail.put("status", "DOWN");
				detail.put("error", ex.getClass().getName() + ": " + ex.getMessage());
			}
			details.put(entry.getKey(), detail);
		}
		return (up ? Health.up() : Health.down()).withDetails(details).build();
	}

	private record Probe(String type, Runnable check) {
	}

}
