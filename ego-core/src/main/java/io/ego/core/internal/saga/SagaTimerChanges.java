package io.ego.core.internal.saga;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Message;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStepAttemptFailed;
import io.ego.core.v1.SagaStepWatchArmed;
import io.ego.core.v1.SagaTimerCancelled;
import io.ego.core.v1.SagaTimerScheduled;
import org.jspecify.annotations.Nullable;

/**
 * The timer writes a batch of saga events asks for, folded so that the store sees each
 * timer once: the last schedule or cancellation of a timer wins, and an instance that
 * ended drops what came before and has all its timers removed. Applied in three calls at
 * most, whatever the batch's size: the removals of ended instances, single cancellations,
 * then one {@link TimerStore#scheduleAll}.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaTimerChanges {

	private static final byte[] NO_PAYLOAD = new byte[0];

	private final String group;

	private final Set<String> ended = new LinkedHashSet<>();

	/** Per instance and timer name: the timer to schedule, or {@code null} to cancel. */
	private final Map<String, Map<String, @Nullable TimerRecord>> changes = new LinkedHashMap<>();

	SagaTimerChanges(String group) {
		this.group = group;
	}

	/**
	 * Adds what one of an instance's events asks of its timers: the retry of a failed
	 * attempt, the step watch, the behaviour's timers, and none once it ended.
	 * @param sagaId the instance's id
	 * @param event the instance's event
	 */
	void add(String sagaId, Message event) {
		switch (event) {
			case SagaStepAttemptFailed failed ->
				schedule(sagaId, SagaCodec.stepTimer(failed.getSeq()), TimerRecord.of(this.group, sagaId,
						SagaCodec.stepTimer(failed.getSeq()), SagaCodec.instant(failed.getRetryAt()), NO_PAYLOAD));
			case SagaStepWatchArmed armed -> schedule(sagaId, SagaCodec.STEP_WATCH, TimerRecord.of(this.group, sagaId,
					SagaCodec.STEP_WATCH, SagaCodec.instant(armed.getDueAt()), NO_PAYLOAD));
			case SagaTimerScheduled scheduled -> schedule(sagaId, scheduled.getTimer().getName(),
					TimerRecord.of(this.group, sagaId, scheduled.getTimer().getName(),
							SagaCodec.instant(scheduled.getTimer().getDueAt()), NO_PAYLOAD));
			case SagaTimerCancelled cancelled ->
				this.changes.computeIfAbsent(sagaId, (id) -> new LinkedHashMap<>()).put(cancelled.getName(), null);
			case SagaStatusChanged changed -> {
				if (SagaRuntime.isFinal(changed.getStatus())) {
					this.changes.remove(sagaId);
					this.ended.add(sagaId);
				}
			}
			default -> {
				// the instance's other events keep no timer
			}
		}
	}

	private void schedule(String sagaId, String name, TimerRecord timer) {
		this.changes.computeIfAbsent(sagaId, (id) -> new LinkedHashMap<>()).put(name, timer);
	}

	/**
	 * Writes the changes.
	 * @param timers the timer store
	 */
	void apply(TimerStore timers) {
		if (!this.ended.isEmpty()) {
			timers.cancelAll(this.group, List.copyOf(this.ended));
		}
		List<TimerRecord> schedules = new ArrayList<>();
		this.changes.forEach((sagaId, byName) -> byName.forEach((name, timer) -> {
			if (timer != null) {
				schedules.add(timer);
			}
			else {
				timers.cancel(this.group, sagaId, name);
			}
		}));
		if (!schedules.isEmpty()) {
			timers.scheduleAll(schedules);
		}
	}

}
