package io.ego.testkit;

import com.google.protobuf.Message;
import io.ego.core.CommandRejectedException;
import io.ego.core.DurableStateBehavior;
import io.ego.test.bank.Counter;
import io.ego.test.bank.Increment;

/** A counter: the durable-state behaviour the scenario tests exercise. */
final class CounterBehavior implements DurableStateBehavior<Counter> {

	@Override
	public Counter initialState() {
		return Counter.getDefaultInstance();
	}

	@Override
	public Counter handleCommand(Message command, Counter state, long revision) {
		return switch (command) {
			case Increment increment when increment.getBy() < 0 ->
				throw new CommandRejectedException("cannot decrement by " + increment.getBy());
			case Increment increment when increment.getBy() > 1000 -> throw new IllegalArgumentException();
			// equal, not the same instance
			case Increment increment when increment.getBy() == 0 ->
				Counter.newBuilder().setValue(state.getValue()).build();
			case Increment increment -> state.toBuilder().setValue(state.getValue() + increment.getBy()).build();
			default -> throw CommandRejectedException.unsupported(command);
		};
	}

}
