package io.ego.core.internal.engine;

import java.util.List;

import io.ego.core.store.ConsumerProgress;

/**
 * The progress of several journal consumers as one: the lowest position any of them has
 * handled.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class LowestProgress implements ConsumerProgress {

	private final List<ConsumerProgress> consumers;

	private LowestProgress(List<ConsumerProgress> consumers) {
		this.consumers = consumers;
	}

	static ConsumerProgress of(List<ConsumerProgress> consumers) {
		return new LowestProgress(List.copyOf(consumers));
	}

	@Override
	public long lowestHandledPosition() {
		long lowest = Long.MAX_VALUE;
		for (ConsumerProgress consumer : this.consumers) {
			lowest = Math.min(lowest, consumer.lowestHandledPosition());
		}
		return lowest;
	}

	@Override
	public long lowestHandledPosition(int slice) {
		long lowest = Long.MAX_VALUE;
		for (ConsumerProgress consumer : this.consumers) {
			lowest = Math.min(lowest, consumer.lowestHandledPosition(slice));
		}
		return lowest;
	}

}
