package io.ego.spring.boot.test.app;

import io.ego.core.EgoEngine;
import io.ego.core.EntityTypeInfo;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import io.ego.spring.boot.test.scenario.EgoTestConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code @EgoTest(AccountEntity.class)} starts that entity alone. */
@EgoTest(AccountEntity.class)
class EgoTestNamedBeansTests {

	@Autowired
	EgoEngine engine;

	@Autowired
	EgoScenario scenario;

	@Test
	void startsOnlyTheNamedBeans() {
		assertThat(this.engine.entityTypes()).extracting(EntityTypeInfo::name).containsExactly("account");
		assertThat(this.engine.projections().names()).noneMatch("balances"::equals);
		this.scenario.send(AccountEntity.class, "acc-1", AccountBehavior.open("acc-1", 1)).thenAccepted();
	}

	@Test
	void aBeanLeftOutIsNamedWhenATestUsesIt() {
		assertThatExceptionOfType(EgoTestConfigurationException.class)
			.isThrownBy(() -> this.scenario.send(CounterEntity.class, "c-1", CounterBehavior.by(1)))
			.withMessageContaining("no entity of behaviour " + CounterEntity.class.getName())
			.withMessageContaining("entity types: account (");
	}

}
