package io.ego.core.internal.consumer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.ego.core.internal.consumer.ConsumerDefinition.EventPublisherDefinition;
import io.ego.core.internal.consumer.ConsumerDefinition.ProjectionDefinition;
import io.ego.core.internal.consumer.ConsumerDefinition.StatePublisherDefinition;
import io.ego.core.internal.runtime.EngineRuntime;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.projection.Projections;
import io.ego.core.store.ConsumerProgress;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import org.jspecify.annotations.Nullable;

/**
 * An engine's journal consumers (projections and publishers): built from their definitions, started explicitly,
 * operated through {@link #projections()}, and asked by retention how far they have read.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JournalConsumers implements ConsumerProgress {

	private final Map<String, ProjectionRunner> runners;

	private final List<ConsumerDefinition> definitions;

	private final Projections projections;

	/**
	 * Builds the consumers; starts none.
	 * @param definitions the consumers, in registration order
	 * @param events the journal (needed by projections and event publishers)
	 * @param states the durable-state store (needed by state publishers)
	 * @param offsets the offsets (needed by every consumer)
	 * @param deadLetters where skipped events go, if anywhere
	 * @param transactions how transactional projections run a transaction, if they do
	 * @param runtime the engine's runtime
	 */
	public JournalConsumers(List<ConsumerDefinition> definitions, @Nullable EventStore events,
			@Nullable DurableStateStore states, @Nullable OffsetStore offsets, @Nullable DeadLetterStore deadLetters,
			@Nullable ProjectionTransactions transactions, EngineRuntime runtime) {
		Map<String, ProjectionRunner> runners = new LinkedHashMap<>();
		for (ConsumerDefinition definition : definitions) {
			runners.put(definition.name(), switch (definition) {
				case ProjectionDefinition projection -> new ProjectionRunner(projection.name(), projection.handler(),
						projection.settings(), Objects.requireNonNull(events), Objects.requireNonNull(offsets), deadLetters,
						transactions, runtime);
				case EventPublisherDefinition publisher -> new ProjectionRunner(publisher.name(), publisher.publisher(),
						publisher.settings(), Objects.requireNonNull(events), Objects.requireNonNull(offsets), deadLetters,
						runtime);
				case StatePublisherDefinition publisher -> new ProjectionRunner(publisher.name(), publisher.publisher(),
						publisher.settings(), Objects.requireNonNull(states), Objects.requireNonNull(offsets),
						deadLetters, runtime);
			});
		}
		this.runners = Collections.unmodifiableMap(runners);
		this.definitions = List.copyOf(definitions);
		this.projections = new Projections(this.runners, deadLetters);
	}

	/** Starts every consumer whose settings say so. */
	public void start() {
		for (ConsumerDefinition definition : this.definitions) {
			if (definition.settings().autoStart()) {
				this.runners.get(definition.name()).start();
			}
		}
	}

	/** @return the operations on the consumers */
	public Projections projections() {
		return this.projections;
	}

	/** @return the consumers' names */
	public Set<String> names() {
		return this.runners.keySet();
	}

	@Override
	public long lowestHandledPosition() {
		long lowest = Long.MAX_VALUE;
		for (ProjectionRunner runner : this.runners.values()) {
			lowest = Math.min(lowest, runner.lowestHandledPosition());
		}
		return lowest;
	}

	@Override
	public long lowestHandledPosition(int slice) {
		long lowest = Long.MAX_VALUE;
		for (ProjectionRunner runner : this.runners.values()) {
			lowest = Math.min(lowest, runner.lowestHandledPosition(slice));
		}
		return lowest;
	}

	/**
	 * Stops every consumer, waiting for batches in flight until the deadline.
	 * @param deadlineNanos the deadline, on {@link System#nanoTime()}
	 */
	public void shutdown(long deadlineNanos) {
		for (ProjectionRunner runner : this.runners.values()) {
			runner.shutdown(deadlineNanos);
		}
	}

}
