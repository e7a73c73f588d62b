package io.ego.core.internal.consumer;

import java.time.Instant;
import java.util.List;

import io.ego.core.projection.InvalidRebuildPositionException;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.Offset;

/**
 * A consumer's rebuild: where it reads again from, checked against the head of what it
 * reads, and the offsets moved back there. The {@link ConsumerRunner} stops its workers
 * before and starts them after, under its operations lock.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Rebuild {

	private Rebuild() {
	}

	/**
	 * Resolves where a rebuild reads again from.
	 * @param runner the consumer
	 * @param from what the operator asked for
	 * @return the position after which the consumer reads again
	 * @throws InvalidRebuildPositionException when the position is beyond the head of
	 * what the consumer reads (rows written later below it would never be delivered)
	 * @throws UnsupportedOperationException when the consumer's rows cannot be found by
	 * time (a state publisher)
	 */
	static long position(ConsumerRunner runner, RebuildFrom from) {
		return switch (from) {
			case RebuildFrom.Position p -> checked(runner, p.afterPosition());
			case RebuildFrom.Timestamp t -> runner.query.positionBefore(t.time());
		};
	}

	private static long checked(ConsumerRunner runner, long position) {
		long head = runner.query.headPosition();
		if (position > head) {
			throw new InvalidRebuildPositionException(
					"cannot rebuild " + runner.delivery.kind() + " '" + runner.name + "' from position " + position
							+ ": the " + (runner.readsStates ? "durable-state change feed" : "journal") + "'s head is "
							+ head + " (rebuild from a position between 0 and " + head + ")",
					position, head);
		}
		return position;
	}

	/**
	 * Moves every offset of the consumer to a position: deletes them (offsets of an
	 * earlier parallelism too), then saves one per worker.
	 * @param runner the consumer, whose workers are stopped
	 * @param workers its workers
	 * @param position the position
	 */
	static void moveOffsets(ConsumerRunner runner, List<ConsumerWorker> workers, long position) {
		runner.offsets.delete(runner.name);
		Instant now = runner.clock.instant();
		for (ConsumerWorker worker : workers) {
			worker.committed = position;
			runner.offsets.save(new Offset(runner.name, worker.partition, position, now));
		}
	}

}
