package io.ego.spring.boot.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ego.core.EgoEngine;
import io.ego.core.projection.ProjectionStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} of whether this instance can serve: {@code DOWN} while the
 * engine is not running or when a projection is {@link ProjectionStatus.State#FAILED
 * FAILED} (with each failed projection's reason). Meant for the readiness group, next to
 * the stores' indicator; it makes no store access.
 *
 * @author eGo team
 * @since 0.1.0
 */
public class EgoReadinessHealthIndicator implements HealthIndicator {

	private final EgoEngine engine;

	/**
	 * Creates an indicator of the given engine.
	 * @param engine the engine
	 */
	public EgoReadinessHealthIndicator(EgoEngine engine) {
		this.engine = engine;
	}

	@Override
	public Health health() {
		if (!this.engine.isRunning()) {
			return Health.down().withDetail("engine", "not running").build();
		}
		Map<String, Object> failed = new LinkedHashMap<>();
		for (ProjectionStatus status : this.engine.projections().list()) {
			if (status.state() == ProjectionStatus.State.FAILED) {
				failed.put(status.name(), (status.failure() != null) ? status.failure() : "FAILED");
			}
		}
		Health.Builder health = failed.isEmpty() ? Health.up() : Health.down().withDetail("failedProjections", failed);
		return health.withDetail("engine", "running").build();
	}

}
