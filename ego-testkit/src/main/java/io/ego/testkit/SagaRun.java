package io.ego.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.store.TimerRecord;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaStepRecord;
import org.jspecify.annotations.Nullable;

/**
 * Where a saga scenario's instance and its surroundings stand after some inputs:
 * immutable, so that a result can be continued more than once.
 *
 * @param sagaId the instance's id
 * @param state the instance's state
 * @param sequenceNr the number of events the instance recorded
 * @param now the virtual clock's time
 * @param timers the instance's stored timers (its own and its steps'), by due time
 * @param sent every attempt of a step sent so far, in order
 * @param lastPosition the highest journal position given
 * @param sequenceNrs the highest sequence number given per persistence id
 * @param lastEvent the last journal event given, or {@code null}
 * @author eGo team
 * @since 0.2.0
 */
record SagaRun(String sagaId, SagaInstanceState state, long sequenceNr, Instant now, List<TimerRecord> timers,
		List<Sent> sent, long lastPosition, Map<String, Long> sequenceNrs, @Nullable EventEnvelope lastEvent) {

	SagaRun {
		timers = List.copyOf(timers);
		sent = List.copyOf(sent);
		sequenceNrs = Map.copyOf(sequenceNrs);
	}

	static SagaRun initial(String sagaId, Instant now) {
		return new SagaRun(sagaId, SagaInstanceState.getDefaultInstance(), 0, now, List.of(), List.of(), 0, Map.of(),
				null);
	}

	/**
	 * One attempt of a step the dispatcher sent.
	 *
	 * @param step the step, at its attempt
	 * @param resend whether it is sent again (a retry, a time-out, an operator's retry)
	 */
	record Sent(SagaStepRecord step, boolean resend) {
	}

}
