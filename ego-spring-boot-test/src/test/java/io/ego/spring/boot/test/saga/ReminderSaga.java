package io.ego.spring.boot.test.saga;

import java.time.Duration;
import java.util.List;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.StepOutcome;
import io.ego.spring.annotation.Saga;
import io.ego.test.bank.Counter;

/**
 * Started explicitly, it waits an hour on a durable timer and then completes (its state
 * counts the steps: 1 started, 2 the timer fired).
 */
@Saga("reminder")
public class ReminderSaga implements SagaBehavior<Counter> {

	static final Duration WAIT = Duration.ofHours(1);

	@Override
	public Counter initialState() {
		return Counter.getDefaultInstance();
	}

	@Override
	public SagaReaction<Counter> onStart(Message start, Counter state, SagaContext context) {
		return SagaReaction.update(Counter.newBuilder().setValue(1).build()).schedule("remind", WAIT);
	}

	@Override
	public SagaReaction<Counter> onOutcome(StepOutcome outcome, Counter state, SagaContext context) {
		return SagaReaction.none();
	}

	@Override
	public SagaReaction<Counter> onTimer(String timer, Counter state, SagaContext context) {
		return SagaReaction.update(state.toBuilder().setValue(2).build()).complete();
	}

	@Override
	public List<? extends Message> messageTypes() {
		return List.of(StringValue.getDefaultInstance());
	}

}
