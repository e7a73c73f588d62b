package io.ego.core.internal.saga;

import java.util.List;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.ego.core.v1.SagaCompensationStarted;
import io.ego.core.v1.SagaHistoryRecord;
import io.ego.core.v1.SagaInputHandled;
import io.ego.core.v1.SagaInstanceState;
import io.ego.core.v1.SagaStarted;
import io.ego.core.v1.SagaStateChanged;
import io.ego.core.v1.SagaStatusChanged;
import io.ego.core.v1.SagaStatusValue;
import io.ego.core.v1.SagaStepAttemptFailed;
import io.ego.core.v1.SagaStepDispatched;
import io.ego.core.v1.SagaStepEnded;
import io.ego.core.v1.SagaStepRecord;
import io.ego.core.v1.SagaStepRedispatched;
import io.ego.core.v1.SagaStepWatchArmed;
import io.ego.core.v1.SagaStepWatchFired;
import io.ego.core.v1.SagaTimerCancelled;
import io.ego.core.v1.SagaTimerFired;
import io.ego.core.v1.SagaTimerRecord;
import io.ego.core.v1.SagaTimerScheduled;
import io.ego.core.v1.StepOutcomeKind;
import org.jspecify.annotations.Nullable;

/**
 * Folds a saga instance's events into its state, and writes its history.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaFold {

	private SagaFold() {
	}

	static SagaInstanceState apply(Message event, SagaInstanceState state, int historySize) {
		SagaInstanceState.Builder next = state.toBuilder();
		switch (event) {
			case SagaStarted started -> {
				next.setStatus(SagaStatusValue.SAGA_RUNNING)
					.setStartedAt(started.getAt())
					.setUpdatedAt(started.getAt());
				history(next, historySize, "started: " + started.getTrigger());
			}
			case SagaInputHandled input -> {
				next.setUpdatedAt(input.getAt());
				if (input.getPosition() > state.getHandledPosition()) {
					next.setHandledPosition(input.getPosition());
				}
				history(next, historySize, input.getWhat());
			}
			case SagaStateChanged changed -> next.setState(changed.getState());
			case SagaStepDispatched dispatched -> {
				SagaStepRecord step = dispatched.getStep();
				next.setLastSeq(Math.max(state.getLastSeq(), step.getSeq())).addPending(step);
				history(next, historySize,
						describe(step) + " sent to " + step.getEntityType() + " '" + step.getEntityId() + "'");
			}
			case SagaStepRedispatched redispatched -> {
				SagaStepRecord step = redispatched.getStep();
				removeStep(next, Steps.UNKNOWN, step.getSeq());
				removeStep(next, Steps.PENDING, step.getSeq());
				next.addPending(step);
				history(next, historySize, describe(step) + " attempt " + step.getAttempt());
			}
			case SagaStepAttemptFailed failed -> {
				List<SagaStepRecord> pending = next.getPendingList();
				for (int i = 0; i < pending.size(); i++) {
					if (pending.get(i).getSeq() == failed.getSeq()) {
						next.setPending(i,
								pending.get(i)
									.toBuilder()
									.setOutcome(failed.getOutcomeUnknown() ? StepOutcomeKind.STEP_OUTCOME_UNKNOWN
											: StepOutcomeKind.STEP_FAILED)
									.setReason(failed.getReason())
									.clearSentAt());
						history(next, historySize, describe(pending.get(i)) + " attempt " + failed.getAttempt()
								+ " failed: " + failed.getReason());
						break;
					}
				}
			}
			case SagaStepEnded ended -> {
				SagaStepRecord step = removeStep(next, Steps.PENDING, ended.getSeq());
				if (step != null) {
					SagaStepRecord done = step.toBuilder()
						.setOutcome(ended.getOutcome())
						.setReason(ended.getReason())
						.setResult(ended.getResult())
						.build();
					if (ended.getOutcome() == StepOutcomeKind.STEP_ACCEPTED) {
						if (step.getCompensating()) {
							removeStep(next, Steps.COMPLETED, step.getCompensates());
						}
						else {
							next.addCompleted(done);
						}
					}
					else if (ended.getOutcome() == StepOutcomeKind.STEP_OUTCOME_UNKNOWN) {
						next.addUnknown(done);
					}
					history(next, historySize, describe(step) + " " + outcome(ended.getOutcome())
							+ (ended.getReason().isEmpty() ? "" : ": " + ended.getReason()));
				}
			}
			case SagaTimerScheduled scheduled -> {
				SagaTimerRecord timer = scheduled.getTimer();
				removeTimer(next, timer.getName());
				next.addTimers(timer);
				history(next, historySize, "timer '" + timer.getName() + "' due at " + instant(timer.getDueAt()));
			}
			case SagaTimerCancelled cancelled -> {
				removeTimer(next, cancelled.getName());
				history(next, historySize, "timer '" + cancelled.getName() + "' cancelled");
			}
			case SagaTimerFired fired -> removeTimer(next, fired.getName());
			case SagaStepWatchArmed armed -> next.setWatchDue(armed.getDueAt());
			case SagaStepWatchFired fired -> {
				if (fired.getDueAt().equals(state.getWatchDue())) {
					next.clearWatchDue();
				}
			}
			case SagaCompensationStarted compensation -> {
				next.setCompensationStarted(true).setReason(compensation.getReason());
				history(next, historySize, "compensating: " + compensation.getReason());
			}
			case SagaStatusChanged changed -> {
				next.setStatus(changed.getStatus());
				if (SagaRuntime.isFinal(changed.getStatus())) {
					// its timers are cancelled
					next.clearWatchDue();
				}
				if (!changed.getReason().isEmpty()) {
					next.setReason(changed.getReason());
				}
				history(next, historySize, "status " + SagaEntity.status(next.build()));
			}
			default -> {
				// an event of a later version: nothing to fold
			}
		}
		return next.build();
	}

	static String describe(SagaStepRecord step) {
		return (step.getCompensating() ? "compensation step " : "step ") + step.getSeq() + " '" + step.getName() + "'";
	}

	private static String outcome(StepOutcomeKind kind) {
		return switch (kind) {
			case STEP_ACCEPTED -> "accepted";
			case STEP_REJECTED -> "rejected";
			case STEP_FAILED -> "failed";
			default -> "outcome unknown";
		};
	}

	private static String instant(Timestamp timestamp) {
		return SagaCodec.instant(timestamp).toString();
	}

	/** The step lists of an instance's state. */
	private enum Steps {

		PENDING, COMPLETED, UNKNOWN

	}

	/**
	 * Removes the step of a sequence number from one of the state's step lists.
	 * @return the removed step, or {@code null} when the list has none of that number
	 */
	private static @Nullable SagaStepRecord removeStep(SagaInstanceState.Builder next, Steps list, long seq) {
		List<SagaStepRecord> from = switch (list) {
			case PENDING -> next.getPendingList();
			case COMPLETED -> next.getCompletedList();
			case UNKNOWN -> next.getUnknownList();
		};
		for (int i = 0; i < from.size(); i++) {
			SagaStepRecord step = from.get(i);
			if (step.getSeq() == seq) {
				switch (list) {
					case PENDING -> next.removePending(i);
					case COMPLETED -> next.removeCompleted(i);
					case UNKNOWN -> next.removeUnknown(i);
				}
				return step;
			}
		}
		return null;
	}

	private static void removeTimer(SagaInstanceState.Builder next, String name) {
		List<SagaTimerRecord> timers = next.getTimersList();
		for (int i = 0; i < timers.size(); i++) {
			if (timers.get(i).getName().equals(name)) {
				next.removeTimers(i);
				return;
			}
		}
	}

	private static void history(SagaInstanceState.Builder next, int size, String what) {
		next.addHistory(SagaHistoryRecord.newBuilder().setAt(next.getUpdatedAt()).setWhat(what));
		while (next.getHistoryCount() > size) {
			next.removeHistory(0);
		}
	}

}
