package io.ego.core.saga;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * A saga instance as read from its events.
 *
 * @param sagaName the saga
 * @param sagaId the instance
 * @param status where it stands
 * @param state its state
 * @param reason why it compensates, compensated or failed, else empty
 * @param pendingSteps the names of the steps awaiting an outcome
 * @param history the most recent history entries, oldest first
 * @param startedAt when it started, {@code null} when {@link SagaStatus#NEW new}
 * @param updatedAt when it last changed, {@code null} when new
 * @param <S> the state type
 * @author eGo team
 * @since 0.2.0
 */
public record SagaInstance<S extends Message>(String sagaName, String sagaId, SagaStatus status, S state, String reason,
		List<String> pendingSteps, List<SagaHistoryEntry> history, @Nullable Instant startedAt,
		@Nullable Instant updatedAt) {

	public SagaInstance {
		Objects.requireNonNull(sagaName, "sagaName");
		Objects.requireNonNull(sagaId, "sagaId");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(reason, "reason");
		pendingSteps = List.copyOf(pendingSteps);
		history = List.copyOf(history);
	}

}
