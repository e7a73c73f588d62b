package io.ego.core.internal.consumer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.EngineConfigurationException;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.projection.Projection;
import io.ego.core.projection.ProjectionContext;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.Projections;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;

/**
 * The engine's journal consumers — projections, event publishers and state publishers —
 * each run by one runner over the same worker loop, with the delivery of its kind.
 * Created with the engine (checking the configuration, registering the consumers' message
 * types and reading where they start; no thread is started), started with
 * {@link #start()}, stopped with {@link #shutdown(long)}; operated through
 * {@link #projections()}; read by retention through {@link #lowestHandledPosition()}.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JournalConsumers {

	private final Map<String, VersionedConsumer> runners;

	private final Projections projections;

	/**
	 * Creates the consumers, none started.
	 * @param definitions the consumers, in registration order, with distinct names
	 * @param events the journal (projections and event publishers read it)
	 * @param states the durable-state store (state publishers read its change feed: it
	 * must implement {@link DurableStateChanges})
	 * @param offsets where offsets, leases and pauses are kept (required when there is a
	 * consumer)
	 * @param deadLetters where skipped and poison rows go (required by the skip policies
	 * and by publishers)
	 * @param transactions how transactional projections run their transactions
	 * @param runtime the engine runtime
	 * @throws EngineConfigurationException when a consumer lacks a store it needs
	 */
	public JournalConsumers(List<ConsumerDefinition> definitions, @Nullable EventStore events,
			@Nullable DurableStateStore states, @Nullable OffsetStore offsets, @Nullable DeadLetterStore deadLetters,
			@Nullable ProjectionTransactions transactions, EngineRuntime runtime) {
		for (ConsumerDefinition definition : definitions) {
			if (definition instanceof StatePublisherDefinition) {
				if (states == null) {
					throw new EngineConfigurationException("state publisher '" + definition.name()
							+ "' needs a durable-state store; none is configured");
				}
				if (!(states instanceof DurableStateChanges)) {
					throw new EngineConfigurationException("state publisher '" + definition.name() + "' needs a "
							+ "durable-state store with a change feed (DurableStateChanges); "
							+ states.getClass().getName() + " has none");
				}
			}
			else if (events == null) {
				throw new EngineConfigurationException(
						"projection '" + definition.name() + "' needs an event store; none is configured");
			}
		}
		if (!definitions.isEmpty() && offsets == null) {
			throw new EngineConfigurationException(
					"projection '" + definitions.get(0).name() + "' needs an offset store; none is configured");
		}
		Map<String, VersionedConsumer> runners = new LinkedHashMap<>();
		for (ConsumerDefinition definition : definitions) {
			if (runners.containsKey(definition.name())) {
				throw new EngineConfigurationException(
						"projection or publisher '" + definition.name() + "' is registered twice");
			}
			runners.put(definition.name(),
					runner(definition, events, states, offsets, deadLetters, transactions, runtime));
		}
		this.runners = Collections.unmodifiableMap(runners);
		this.projections = new ProjectionOperations(this.runners, deadLetters);
	}

	@SuppressWarnings("NullAway") // the stores a kind needs were checked above
	private static VersionedConsumer runner(ConsumerDefinition definition, @Nullable EventStore events,
			@Nullable DurableStateStore states, @Nullable OffsetStore offsets, @Nullable DeadLetterStore deadLetters,
			@Nullable ProjectionTransactions transactions, EngineRuntime runtime) {
		String name = definition.name();
		ProjectionSettings settings = definition.settings();
		boolean publisher = !(definition instanceof ProjectionDefinition);
		boolean skips = settings.recovery() == RecoveryPolicy.SKIP
				|| settings.recovery() == RecoveryPolicy.RETRY_AND_SKIP;
		if ((skips || publisher) && deadLetters == null) {
			throw new EngineConfigurationException((publisher ? "publisher '" + name + "' dead-letters poison events"
					: "projection '" + name + "' skips failed events (recovery " + settings.recovery() + ")")
					+ " but no dead-letter store is configured");
		}
		// publishers run none
		ProjectionTransactions ownTransactions = publisher ? null : transactions;
		if (settings.transactional() && ownTransactions == null) {
			throw new EngineConfigurationException("projection '" + name
					+ "' is transactional but no ProjectionTransactions is configured (Spring: a transaction manager)");
		}
		return switch (definition) {
			case ProjectionDefinition projection -> {
				register(runtime, projection.handler().messageTypes());
				Projection handler = projection.handler();
				yield new VersionedConsumer(name, offsets, deadLetters, runtime.clock(), handler, ownTransactions,
						(version) -> new ConsumerRunner(VersionedConsumer.consumerName(name, version), version,
								(version == 1) ? settings
										: settings.withStartFrom(ProjectionSettings.StartFrom.BEGINNING),
								events, false, offsets, deadLetters, ownTransactions, runtime,
								(runner) -> new ProjectionDelivery(runner, handler, ownTransactions,
										new ProjectionContext(name, version))));
			}
			case EventPublisherDefinition eventPublisher -> {
				register(runtime, eventPublisher.publisher().messageTypes());
				yield VersionedConsumer
					.publisher(new ConsumerRunner(name, 1, settings, events, false, offsets, deadLetters, null, runtime,
							(runner) -> new PublisherDelivery(runner, eventPublisher.publisher())));
			}
			case StatePublisherDefinition statePublisher -> {
				register(runtime, statePublisher.publisher().messageTypes());
				yield VersionedConsumer.publisher(new ConsumerRunner(name, 1, settings,
						new StateFeed((DurableStateChanges) states), true, offsets, deadLetters, null, runtime,
						(runner) -> new PublisherDelivery(runner, StateFeed.publisher(statePublisher.publisher()))));
			}
		};
	}

	private static void register(EngineRuntime runtime, List<? extends Message> types) {
		for (Message type : types) {
			runtime.messageTypes().register(type);
		}
	}

	/**
	 * @return the operations on the consumers, by name
	 */
	public Projections projections() {
		return this.projections;
	}

	/**
	 * Names the offset-store consumers whose leases show which instances run a consumer:
	 * its workers' and its member slots'.
	 * @param consumer the consumer's name
	 * @return the names whose {@link OffsetStore#leases} to read
	 */
	public static List<String> leaseConsumers(String consumer) {
		return List.of(consumer, LeaseKeeper.MEMBERS_PREFIX + consumer);
	}

	/**
	 * @return the consumers' names, in registration order
	 */
	public List<String> names() {
		return List.copyOf(this.runners.keySet());
	}

	/**
	 * @return the names dead letters are kept under: every consumer's, and the names of
	 * the versions a blue/green rebuild runs
	 */
	public List<String> deadLetterConsumers() {
		List<String> names = new ArrayList<>();
		for (VersionedConsumer consumer : this.runners.values()) {
			names.addAll(consumer.consumerNames());
		}
		return List.copyOf(names);
	}

	/**
	 * Returns the lowest journal position every consumer has handled, on whichever
	 * instance its workers run (from the stored offsets); state publishers read no
	 * journal and do not hold it back.
	 * @return the lowest handled position, {@code Long.MAX_VALUE} when no consumer reads
	 * the journal
	 */
	public long lowestHandledPosition() {
		long lowest = Long.MAX_VALUE;
		for (VersionedConsumer runner : this.runners.values()) {
			lowest = Math.min(lowest, runner.lowestHandledPosition());
		}
		return lowest;
	}

	/**
	 * Returns the lowest journal position the consumers' workers covering a slice have
	 * handled: what retention of one entity may delete up to.
	 * @param slice the slice
	 * @return the lowest handled position, {@code Long.MAX_VALUE} when no consumer reads
	 * the journal
	 */
	public long lowestHandledPosition(int slice) {
		long lowest = Long.MAX_VALUE;
		for (VersionedConsumer runner : this.runners.values()) {
			lowest = Math.min(lowest, runner.lowestHandledPosition(slice));
		}
		return lowest;
	}

	/**
	 * @return {@link #lowestHandledPosition()} and its per-slice form, as retention reads
	 * them
	 */
	public ConsumerProgress progress() {
		return new ConsumerProgress() {

			@Override
			public long lowestHandledPosition() {
				return JournalConsumers.this.lowestHandledPosition();
			}

			@Override
			public long lowestHandledPosition(int slice) {
				return JournalConsumers.this.lowestHandledPosition(slice);
			}

		};
	}

	/**
	 * Starts every consumer whose settings say {@code autoStart}, in registration order.
	 */
	public void start() {
		for (VersionedConsumer runner : this.runners.values()) {
			if (runner.settings().autoStart()) {
				runner.start();
			}
		}
	}

	/**
	 * Stops every consumer for engine shutdown: its workers finish the row they are
	 * handling, waited for until the deadline; a worker still busy then keeps its lease
	 * until it expires.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
	 */
	public void shutdown(long deadlineNanos) {
		for (VersionedConsumer runner : this.runners.values()) {
			runner.shutdown(deadlineNanos);
		}
	}

}
