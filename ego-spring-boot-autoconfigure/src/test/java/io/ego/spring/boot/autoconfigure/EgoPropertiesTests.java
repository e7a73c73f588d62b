package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.EntitySettings;
import io.ego.spring.boot.autoconfigure.EgoProperties.EntityDefaults;
import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoProperties}.
 */
class EgoPropertiesTests {

	private final EgoProperties properties = new EgoProperties();

	@Test
	void entityDefaultsMatchTheEngineDefaults() {
		EntitySettings engine = EntitySettings.defaults();
		EntityDefaults defaults = this.properties.getEntityDefaults();
		assertThat(defaults.getPassivateAfter()).isEqualTo(engine.passivateAfter());
		assertThat(defaults.getAskTimeout()).isEqualTo(engine.askTimeout());
		assertThat(defaults.getSnapshotInterval()).isEqualTo(engine.snapshotInterval());
		assertThat(defaults.getRetention().isDeleteEventsOnSnapshot())
			.isEqualTo(engine.retention().deleteEventsOnSnapshot());
		assertThat(defaults.getRetention().isDeleteSnapshotsOnSnapshot())
			.isEqualTo(engine.retention().deleteSnapshotsOnSnapshot());
		assertThat(defaults.getRetention().getEventsRetentionCount())
			.isEqualTo(engine.retention().eventsRetentionCount());
		assertThat(defaults.getBatchThreshold()).isEqualTo(engine.batchThreshold());
		assertThat(defaults.getBatchFlushWindow()).isEqualTo(engine.batchFlushWindow());
		assertThat(defaults.isAdaptiveBatching()).isEqualTo(engine.adaptiveBatching());
		assertThat(defaults.getMaxBatchSize()).isEqualTo(engine.maxBatchSize());
		assertThat(defaults.getReplayPageSize()).isEqualTo(engine.replayPageSize());
	}

	@Test
	void unsetPropertiesResolveToTheEngineDefaults() {
		assertThat(new EntitySettingsResolver(this.properties).defaults()).isEqualTo(EntitySettings.defaults());
		assertThat(new EntitySettingsResolver(this.properties).forType("any")).isEqualTo(EntitySettings.defaults());
	}

	@Test
	void projectionDefaultsMatchTheEngineDefaults() {
		io.ego.core.projection.ProjectionSettings engine = io.ego.core.projection.ProjectionSettings.defaults();
		assertThat(new ProjectionSettingsResolver(this.properties).forProjection("any")).isEqualTo(engine);
		assertThat(this.properties.getProjectionDefaults().getLease().getDuration()).isEqualTo(engine.leaseDuration());
		assertThat(this.properties.getProjectionDefaults().getLease().getRenewInterval())
			.isEqualTo(engine.leaseRenewInterval());
		assertThat(this.properties.getInstanceId()).isNull();
	}

	@Test
	void storeTypeIsAutoAndShutdownWaitsThirtySeconds() {
		assertThat(this.properties.getStore().getType()).isEqualTo(StoreType.AUTO);
		assertThat(this.properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.properties.getEntities()).isEmpty();
	}

}
