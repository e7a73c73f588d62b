package io.ego.spring.boot.test.app;

import io.ego.core.EgoEngine;
import io.ego.core.EntityTypeInfo;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slice of some beans starts although the application configures a bean it leaves out
 * ({@code ego.entities.account.*} in {@code application.properties}).
 */
@EgoTest(CounterEntity.class)
class EgoTestPartialContextTests {

	@Autowired
	EgoEngine engine;

	@Autowired
	EgoScenario scenario;

	@Test
	void startsWithTheSettingsOfBeansLeftOut() {
		assertThat(this.engine.entityTypes()).extracting(EntityTypeInfo::name).containsExactly("counter");
		this.scenario.send(CounterEntity.class, "c-1", CounterBehavior.by(1)).thenRevision(1);
	}

}
