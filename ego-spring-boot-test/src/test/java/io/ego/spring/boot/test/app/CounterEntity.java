package io.ego.spring.boot.test.app;

import com.google.protobuf.Message;
import io.ego.core.DurableStateBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.spring.annotation.DurableStateEntity;
import io.ego.test.bank.Counter;

/** A durable-state counter of the application under test. */
@DurableStateEntity("counter")
public class CounterEntity implements DurableStateBehavior<Counter> {

	private final CounterBehavior delegate = new CounterBehavior();

	@Override
	public Counter initialState() {
		return this.delegate.initialState();
	}

	@Override
	public Counter handleCommand(Message command, Counter state, long revision) {
		return this.delegate.handleCommand(command, state, revision);
	}

}
