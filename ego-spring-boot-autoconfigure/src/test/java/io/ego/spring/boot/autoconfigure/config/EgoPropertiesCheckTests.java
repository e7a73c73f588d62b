package io.ego.spring.boot.autoconfigure.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoPropertiesCheck}: unknown {@code ego.*} keys fail the start-up,
 * naming the key and the nearest valid one; known keys, in any relaxed form, and keys
 * under maps pass.
 */
class EgoPropertiesCheckTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoPropertiesCheckAutoConfiguration.class));

	@Test
	void aTypoFailsTheStartUpNamingTheKeyAndTheNearestValidOne() {
		this.runner.withPropertyValues("ego.entity-defaults.snapshot-intervall=5").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).isInstanceOf(UnknownEgoPropertiesException.class)
				.hasMessageContaining("ego.entity-defaults.snapshot-intervall")
				.hasMessageContaining("did you mean ego.entity-defaults.snapshot-interval?");
			FailureAnalysis analysis = new UnknownEgoPropertiesFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ego.entity-defaults.snapshot-intervall");
			assertThat(analysis.getAction()).contains("ego.fail-on-unknown-properties=false");
		});
	}

	@Test
	void aTypoUnderAnEntityTypeSuggestsTheSettingOfThatType() {
		this.runner.withPropertyValues("ego.entities.account.snapshot-intervall=5")
			.run((context) -> assertThat(context.getStartupFailure()).isInstanceOf(UnknownEgoPropertiesException.class)
				.hasMessageContaining("did you mean ego.entities.account.snapshot-interval?"));
	}

	@Test
	void aTypoUnderASagaSuggestsTheSettingOfThatSaga() {
		this.runner.withPropertyValues("ego.sagas.transfer.step-timout=5s")
			.run((context) -> assertThat(context.getStartupFailure()).isInstanceOf(UnknownEgoPropertiesException.class)
				.hasMessageContaining("ego.sagas.transfer.step-timout")
				.hasMessageContaining("did you mean ego.sagas.transfer.step-timeout?"));
	}

	@Test
	void everyUnknownKeyIsListedOnce() {
		this.runner.withPropertyValues("ego.nonsense=1", "ego.projections.balances.bogus=2").run((context) -> {
			UnknownEgoPropertiesException failure = (UnknownEgoPropertiesException) context.getStartupFailure();
			assertThat(failure).isNotNull();
			assertThat(failure.unknown()).hasSize(2);
			assertThat(failure.unknown().get(0)).startsWith("ego.nonsense");
			assertThat(failure.unknown().get(1)).startsWith("ego.projections.balances.bogus");
		});
	}

	@Test
	void knownKeysInAnyRelaxedFormAndKeysUnderMapsPass() {
		this.runner
			.withPropertyValues("ego.entity-defaults.snapshot-interval=5", "ego.entityDefaults.askTimeout=3s",
					"ego.entities.account.snapshot-interval=7", "ego.entities[order-line].dedupe.window=10",
					"ego.projections.balances.parallelism=2", "ego.projections.balances.lease.duration=30s",
					"ego.schema.revisions.account=2", "ego.store.jdbc.group-commit.linger=2ms", "ego.health.timeout=1s",
					"ego.observability.metrics.enabled=true", "ego.sagas.transfer.step-timeout=5s",
					"ego.sagas[bulk-transfer].maxAttempts=3", "ego.sagas.transfer.timer-poll-interval=1s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theCheckCanBeTurnedOff() {
		this.runner.withPropertyValues("ego.fail-on-unknown-properties=false", "ego.nonsense=1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theTestHarnessKeysAreNotChecked() {
		this.runner.withPropertyValues("ego.test.postgres-url=jdbc:postgresql://x/y")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
