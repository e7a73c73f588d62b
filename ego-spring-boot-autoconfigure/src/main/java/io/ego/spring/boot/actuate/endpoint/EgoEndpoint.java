package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.EntityTypeInfo;
import io.ego.core.RetentionPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} exposing the eGo engine: its entity types with their effective settings and how
 * many entities of each are live. Read-only.
 *
 * @author eGo team
 * @since 0.1.0
 */
@Endpoint(id = "ego")
public class EgoEndpoint {

	private final EgoEngine engine;

	/**
	 * Creates an endpoint for an engine.
	 * @param engine the engine
	 */
	public EgoEndpoint(EgoEngine engine) {
		this.engine = engine;
	}

	/**
	 * Describes the engine and all its entity types.
	 * @return the description
	 */
	@ReadOperation
	public EgoDescriptor ego() {
		List<EntityTypeDescriptor> types = this.engine.entityTypes().stream().map(EntityTypeDescriptor::of).toList();
		return new EgoDescriptor(this.engine.isRunning(), types);
	}

	/**
	 * Describes one entity type.
	 * @param name the type name
	 * @return the description, or {@code null} (404) when no type has that name
	 */
	@ReadOperation
	public @Nullable EntityTypeDescriptor entityType(@Selector String name) {
		return this.engine.entityTypes()
			.stream()
			.filter((info) -> info.name().equals(name))
			.map(EntityTypeDescriptor::of)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Description of the engine.
	 *
	 * @param running whether the engine accepts commands
	 * @param entityTypes the registered entity types
	 */
	public record EgoDescriptor(boolean running, List<EntityTypeDescriptor> entityTypes)
			implements OperationResponseBody {
	}

	/**
	 * Description of one entity type.
	 *
	 * @param name the type name
	 * @param kind {@code event-sourced} or {@code durable-state}
	 * @param behaviorClass the class of its behaviour
	 * @param liveEntities how many of its entities are live (activated and not passivated)
	 * @param settings its effective settings
	 */
	public record EntityTypeDescriptor(String name, String kind, String behaviorClass, int liveEntities,
			SettingsDescriptor settings) implements OperationResponseBody {

		static EntityTypeDescriptor of(EntityTypeInfo info) {
			return new EntityTypeDescriptor(info.name(), info.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
					info.behaviorClass(), info.liveEntities(), SettingsDescriptor.of(info.settings()));
		}

	}

	/**
	 * Effective settings of an entity type; durations in ISO-8601 ({@code PT10M}).
	 *
	 * @param passivateAfter idle time before passivation
	 * @param askTimeout how long a caller waits for a reply
	 * @param snapshotInterval the snapshot interval, {@code 0} when off
	 * @param retention what is deleted after a snapshot
	 * @param batchThreshold pending events that trigger a write, {@code 0} when window batching is off
	 * @param batchFlushWindow the longest a partial batch waits in window batching
	 * @param adaptiveBatching whether queued commands are group-committed
	 * @param maxBatchSize the most commands per write
	 * @param replayPageSize events read per recovery page
	 */
	public record SettingsDescriptor(String passivateAfter, String askTimeout, int snapshotInterval,
			RetentionDescriptor retention, int batchThreshold, String batchFlushWindow, boolean adaptiveBatching,
			int maxBatchSize, int replayPageSize) {

		static SettingsDescriptor of(EntitySettings settings) {
			return new SettingsDescriptor(format(settings.passivateAfter()), format(settings.askTimeout()),
					settings.snapshotInterval(), RetentionDescriptor.of(settings.retention()),
					settings.batchThreshold(), format(settings.effectiveFlushWindow()), settings.adaptiveBatching(),
					settings.maxBatchSize(), settings.replayPageSize());
		}

		private static String format(Duration duration) {
			return duration.toString();
		}

	}

	/**
	 * Retention of an entity type.
	 *
	 * @param deleteEventsOnSnapshot whether events up to a snapshot are deleted
	 * @param deleteSnapshotsOnSnapshot whether older snapshots are deleted
	 * @param eventsRetentionCount events kept before the snapshot
	 */
	public record RetentionDescriptor(boolean deleteEventsOnSnapshot, boolean deleteSnapshotsOnSnapshot,
			int eventsRetentionCount) {

		static RetentionDescriptor of(RetentionPolicy policy) {
			return new RetentionDescriptor(policy.deleteEventsOnSnapshot(), policy.deleteSnapshotsOnSnapshot(),
					policy.eventsRetentionCount());
		}

	}

}
