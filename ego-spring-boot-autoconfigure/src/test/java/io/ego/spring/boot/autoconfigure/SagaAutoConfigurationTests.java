package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.sagas.BonusSaga;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.Account;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the saga part of {@link EgoAutoConfiguration}: {@code @Saga} beans, the timer
 * store and {@code ego.sagas.<name>.*}.
 */
class SagaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withBean(BonusSaga.class);

	@Test
	void anAnnotatedSagaRunsOnTheEngine() {
		this.contextRunner.withPropertyValues("ego.sagas.bonus.timer-poll-interval=50ms").run((context) -> {
			assertThat(context).hasSingleBean(TimerStore.class)
				.getBean(TimerStore.class)
				.isInstanceOf(InMemoryTimerStore.class);
			EgoEngine engine = context.getBean(EgoEngine.class);
			assertThat(engine.sagas().names()).containsExactly("bonus");
			engine.askAndWait("account", "a", AccountBehavior.open("a", 5));

			engine.sagas().start("bonus", "welcome-a", AccountBehavior.open("a", 0)).join();

			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.sagas().status("bonus", "welcome-a").status() == SagaStatus.COMPLETED);
			SagaInstance<?> done = engine.sagas().status("bonus", "welcome-a");
			assertThat(((Account) done.state()).getBalance()).isEqualTo(15);
		});
	}

	@Test
	void settingsOfAnUnknownSagaAreRejectedWithTheProperty() {
		this.contextRunner.withPropertyValues("ego.sagas.bonsu.max-attempts=3").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.sagas.bonsu")
				.hasMessageContaining("[bonus]");
		});
	}

	@Test
	void anInvalidSettingNamesTheSaga() {
		this.contextRunner.withPropertyValues("ego.sagas.bonus.max-attempts=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.sagas.bonus")
				.hasMessageContaining("max-attempts must be >= 1");
		});
	}

}
