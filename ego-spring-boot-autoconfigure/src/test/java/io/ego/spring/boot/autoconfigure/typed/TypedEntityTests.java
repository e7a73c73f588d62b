package io.ego.spring.boot.autoconfigure.typed;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityRef;
import io.ego.core.EntityTypeInfo;
import io.ego.core.EventSourcedHandlers;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.Account;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.OpenAccount;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for entity beans written with {@link EventSourcedHandlers typed handlers}.
 */
class TypedEntityTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class));

	@Test
	void aTypedEntityBeanIsRegisteredAndHandlesCommands() {
		this.contextRunner.withBean(TypedAccountEntity.CreditLimit.class, () -> new TypedAccountEntity.CreditLimit(50))
			.withBean(TypedAccountEntity.class)
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				assertThat(engine.entityTypes()).extracting(EntityTypeInfo::name, EntityTypeInfo::kind)
					.containsExactly(Tuple.tuple("typed-account", EntityTypeInfo.Kind.EVENT_SOURCED));
				EntityRef<Account> ref = engine.entity(TypedAccountEntity.class, "t-1");
				assertThat(ref.askAndWait(OpenAccount.getDefaultInstance()).state().getId()).isEqualTo("t-1");
				assertThat(ref.askAndWait(CreditAccount.newBuilder().setAmount(20).build()).state().getBalance())
					.isEqualTo(20);
				assertThat(ref.askAndWait(CreditAccount.newBuilder().setAmount(51).build())).isInstanceOfSatisfying(
						CommandReply.Rejected.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo("credit above 50"));
			});
	}

	@Test
	void typedHandlersThatDoNotFitFailStartUpNamingTheType() {
		this.contextRunner.withBean(UnfoldedEventEntity.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EngineConfigurationException.class)
				.hasMessageContaining("entity type 'unfolded'")
				.hasMessageContaining("no event handler for ego.test.bank.AccountCredited");
		});
	}

}
