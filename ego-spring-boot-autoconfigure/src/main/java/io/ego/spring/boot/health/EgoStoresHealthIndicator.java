package io.ego.spring.boot.health;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * {@link HealthIndicator} for the eGo stores: makes one cheap read against each store and
 * reports {@code DOWN} with the failing store's error when any read fails.
 * <p>
 * The reads run concurrently on virtual threads under one deadline (the timeout): a read
 * still running at the deadline is {@code DOWN} with {@code "no answer within <timeout>"}
 * and is not started again while it runs, so a health request never waits longer than the
 * timeout, whatever the connection pool's own timeout. Stores on one resource (the same
 * {@code DataSource}, as told by the resource function) are probed once, with one read.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoStoresHealthIndicator implements HealthIndicator {

	/** The default bound of a health request. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	/** Persistence id read by the probes; no entity has it. */
	static final String PROBE_ID = "ego-health|probe";

	private static final Executor VIRTUAL_THREADS = (task) -> Thread.ofVirtual().name("ego-health-probe").start(task);

	private final Map<String, Store> stores = new LinkedHashMap<>();

	private final Map<Object, Probe> probes = new IdentityHashMap<>();

	private final Duration timeout;

	private final Function<Object, Object> resourceOf;

	/**
	 * Creates an indicator for the given stores, each probed on its own, bounded by
	 * {@link #DEFAULT_TIMEOUT}; a {@code null} store is not checked.
	 * @param eventStore the event store
	 * @param snapshotStore the snapshot store
	 * @param durableStateStore the durable-state store
	 * @param offsetStore the offset store
	 */
	public EgoStoresHealthIndicator(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, @Nullable OffsetStore offsetStore) {
		this(eventStore, snapshotStore, durableStateStore, offsetStore, DEFAULT_TIMEOUT, Function.identity());
	}

	/**
	 * Creates an indicator for the given stores; a {@code null} store is not checked.
	 * @param eventStore the event store
	 * @param snapshotStore the snapshot store
	 * @param durableStateStore the durable-state store
	 * @param offsetStore the offset store
	 * @param timeout the bound of a health request, positive
	 * @param resourceOf the resource a store reads from (e.g. its {@code DataSource}, or
	 * the store itself); stores with the same resource (by identity) are probed once
	 */
	public EgoStoresHealthIndicator(@Nullable EventStore eventStore, @Nullable SnapshotStore snapshotStore,
			@Nullable DurableStateStore durableStateStore, @Nullable OffsetStore offsetStore, Duration timeout,
			Function<Object, Object> resourceOf) {
		Assert.isTrue(timeout.isPositive(), "'timeout' must be positive");
		this.timeout = timeout;
		this.resourceOf = resourceOf;
		add("eventStore", eventStore, EventStore::headPosition);
		add("snapshotStore", snapshotStore, (store) -> store.latest(PROBE_ID));
		add("durableStateStore", durableStateStore, (store) -> store.get(PROBE_ID));
		add("offsetStore", offsetStore, (store) -> store.get(PROBE_ID, "0"));
	}

	private <S> void add(String name, @Nullable S store, Consumer<S> read) {
		if (store != null) {
			Probe probe = this.probes.computeIfAbsent(this.resourceOf.apply(store),
					(resource) -> new Probe(() -> read.accept(store)));
			this.stores.put(name, new Store(ClassUtils.getUserClass(store).getName(), probe));
		}
	}

	@Override
	public Health health() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<Probe, CompletableFuture<Void>> running = new IdentityHashMap<>();
		for (Probe probe : this.probes.values()) {
			running.put(probe, probe.start());
		}
		Map<Probe, @Nullable String> errors = new IdentityHashMap<>();
		for (Map.Entry<Probe, CompletableFuture<Void>> entry : running.entrySet()) {
			errors.put(entry.getKey(), await(entry.getValue(), deadline));
		}
		boolean up = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (Map.Entry<String, Store> entry : this.stores.entrySet()) {
			Store store = entry.getValue();
			String error = errors.get(store.probe());
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("type", store.type());
			detail.put("status", (error != null) ? "DOWN" : "UP");
			if (error != null) {
				up = false;
				detail.put("error", error);
			}
			details.put(entry.getKey(), detail);
		}
		return (up ? Health.up() : Health.down()).withDetails(details).build();
	}

	private @Nullable String await(CompletableFuture<Void> read, long deadline) {
		try {
			read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (TimeoutException ex) {
			return "no answer within " + format(this.timeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return cause.getClass().getName() + ": " + cause.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while waiting for an answer";
		}
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private record Store(String type, Probe probe) {
	}

	/**
	 * One read against one resource; at most one runs at a time.
	 */
	private static final class Probe {

		private final Runnable read;

		private @Nullable CompletableFuture<Void> running;

		Probe(Runnable read) {
			this.read = read;
		}

		synchronized CompletableFuture<Void> start() {
			CompletableFuture<Void> current = this.running;
			if (current != null && !current.isDone()) {
				return current;
			}
			CompletableFuture<Void> started = CompletableFuture.runAsync(this.read, VIRTUAL_THREADS);
			this.running = started;
			return started;
		}

	}

}
