package io.ego.spring.boot.test.app;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.EntityTypeInfo;
import io.ego.core.store.EventStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.spring.boot.test.scenario.EgoTestClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EgoTest} starts the application's eGo beans, the engine and the scenario, on
 * in-memory stores, and nothing else.
 */
@EgoTest
class EgoTestSliceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	EgoEngine engine;

	@Test
	void startsTheEntitiesAndProjectionsOfTheApplication() {
		assertThat(this.engine.entityTypes()).extracting(EntityTypeInfo::name)
			.containsExactlyInAnyOrder("account", "counter");
		assertThat(this.engine.projections().names()).contains("balances");
		assertThat(this.context.getBeanNamesForType(EgoScenario.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(EgoTestClock.class)).hasSize(1);
	}

	@Test
	void leavesOutTheOtherComponentsAndTheDataSource() {
		assertThat(this.context.getBeanNamesForType(UnrelatedService.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
	}

	@Test
	void keepsTheEventsInMemoryWhateverTheApplicationConfigures() {
		assertThat(this.context.getEnvironment().getProperty("ego.store.type")).isEqualTo("in-memory");
		assertThat(this.context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class);
	}

	@Test
	void appliesTheApplicationsEgoProperties() {
		assertThat(this.engine.entityTypes()).filteredOn((type) -> type.name().equals("account"))
			.singleElement()
			.satisfies((type) -> assertThat(type.settings().snapshotInterval()).isEqualTo(50));
	}

}
