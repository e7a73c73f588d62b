package io.ego.core.saga;

import java.time.Instant;
import java.util.Objects;

/**
 * One saga instance as {@link Sagas#list listed} by status: enough to pick the instances
 * to look at ({@link Sagas#status} reads one whole).
 *
 * @param sagaId the instance's id
 * @param status its status
 * @param updatedAt when it took that status
 * @param reason why it failed or compensates, else empty
 * @author eGo team
 * @since 0.2.0
 */
public record SagaSummary(String sagaId, SagaStatus status, Instant updatedAt, String reason) {

	public SagaSummary {
		Objects.requireNonNull(sagaId, "sagaId");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(updatedAt, "updatedAt");
		Objects.requireNonNull(reason, "reason");
	}

}
