package io.ego.spring.boot.autoconfigure.entities;

import com.google.protobuf.Message;
import io.ego.core.DurableStateBehavior;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.test.bank.Counter;

/**
 * A durable-state behaviour wrongly annotated as event-sourced.
 */
@EventSourcedEntity("mislabelled")
public class MislabelledCounterEntity implements DurableStateBehavior<Counter> {

	@Override
	public Counter initialState() {
		return Counter.getDefaultInstance();
	}

	@Override
	public Counter handleCommand(Message command, Counter state, long revision) {
		return state;
	}

}
