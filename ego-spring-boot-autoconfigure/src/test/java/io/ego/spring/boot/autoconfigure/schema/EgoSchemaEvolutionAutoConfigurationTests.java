package io.ego.spring.boot.autoconfigure.schema;

import io.ego.core.EgoEngine;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.EventStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoSchemaEvolutionAutoConfiguration}.
 */
class EgoSchemaEvolutionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoSchemaEvolutionAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class);

	@Test
	void withoutRevisionsOrAdaptersThereIsNoSchemaEvolution() {
		this.contextRunner
			.run((context) -> assertThat(context).getBean(SchemaEvolution.class).isSameAs(SchemaEvolution.none()));
	}

	@Test
	void schemaRevisionsAreRecordedWithEvents() {
		this.contextRunner.withPropertyValues("ego.schema.revisions[ego.test.bank.AccountOpened]=2").run((context) -> {
			context.getBean(EgoEngine.class).askAndWait("account", "r", AccountBehavior.open("r", 10));
			assertThat(context.getBean(EventStore.class).replay("account|r", 1, 1, 1).get(0).metadata())
				.containsEntry("ego.rev", "2");
		});
	}

	@Test
	void userSchemaEvolutionReplacesTheConfiguredOne() {
		SchemaEvolution user = SchemaEvolution.builder().revision("ego.test.bank.AccountOpened", 3).build();
		this.contextRunner.withBean("userSchema", SchemaEvolution.class, () -> user)
			.withPropertyValues("ego.schema.revisions[ego.test.bank.AccountOpened]=2")
			.run((context) -> {
				assertThat(context).getBean(SchemaEvolution.class).isSameAs(user);
				assertThat(context).doesNotHaveBean("egoSchemaEvolution");
				context.getBean(EgoEngine.class).askAndWait("account", "s", AccountBehavior.open("s", 10));
				assertThat(context.getBean(EventStore.class).replay("account|s", 1, 1, 1).get(0).metadata())
					.containsEntry("ego.rev", "3");
			});
	}

}
