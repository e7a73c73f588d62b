package io.ego.spring.boot.actuate.endpoint;

import java.time.Duration;

import io.ego.core.EgoEngine;
import io.ego.core.EntitySettings;
import io.ego.core.RetentionPolicy;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EgoDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EntityTypeDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErrorDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.RetentionDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.SettingsDescriptor;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoEndpoint}.
 */
class EgoEndpointTests {

	private final EgoEngine engine = EgoEngine.builder()
		.inMemoryStores()
		.eventSourced("account", new AccountBehavior(),
				EntitySettings.defaults()
					.withSnapshotInterval(100)
					.withRetention(new RetentionPolicy(true, false, 200))
					.withBatching(20, Duration.ofMillis(2)))
		.durableState("counter", new CounterBehavior())
		.build();

	private final EgoEndpoint endpoint = new EgoEndpoint(this.engine);

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void readOperationListsEntityTypesWithSettingsAndLiveCounts() {
		this.engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
		this.engine.askAndWait("account", "b", AccountBehavior.open("b", 1));
		EgoDescriptor descriptor = ((EgoDescriptor) this.endpoint.ego().getBody());
		assertThat(descriptor.running()).isTrue();
		assertThat(descriptor.entityTypes())
			.extracting(EntityTypeDescriptor::name, EntityTypeDescriptor::kind, EntityTypeDescriptor::liveEntities)
			.containsExactly(Tuple.tuple("account", "event-sourced", 2), Tuple.tuple("counter", "durable-state", 0));
		assertThat(descriptor.entityTypes().get(0).behaviorClass()).isEqualTo(AccountBehavior.class.getName());
		assertThat(descriptor.entityTypes().get(0).settings()).isEqualTo(new SettingsDescriptor("PT10M", "PT5S", 100,
				new RetentionDescriptor(true, false, 200), 20, "PT0.002S", true, 1000, 1000));
		assertThat(descriptor.entityTypes().get(1).settings().batchFlushWindow()).isEqualTo("PT0.005S");
	}

	@Test
	void readOperationWithSelectorDescribesOneType() {
		assertThat(this.endpoint.entityType("counter").getBody()).isInstanceOfSatisfying(EntityTypeDescriptor.class,
				(type) -> assertThat(type.kind()).isEqualTo("durable-state"));
		assertThat(this.endpoint.entityType("unknown").getStatus()).isEqualTo(404);
		assertThat(this.endpoint.entityType("unknown").getBody()).isInstanceOfSatisfying(ErrorDescriptor.class,
				(error) -> assertThat(error.message()).contains("no entity type 'unknown'").contains("counter"));
	}

	@Test
	void closedEngineIsReportedAsNotRunning() {
		this.engine.close();
		assertThat(((EgoDescriptor) this.endpoint.ego().getBody()).running()).isFalse();
	}

}
