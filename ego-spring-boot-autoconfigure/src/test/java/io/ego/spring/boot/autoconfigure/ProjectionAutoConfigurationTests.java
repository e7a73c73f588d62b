package io.ego.spring.boot.autoconfigure;

import java.time.Duration;

import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.RecoveryPolicy;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.projections.NotAProjection;
import io.ego.spring.boot.autoconfigure.projections.OtherRecordingProjection;
import io.ego.spring.boot.autoconfigure.projections.RecordingProjection;
import io.ego.spring.boot.autoconfigure.projections.UnannotatedProjection;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the projection part of {@link EgoAutoConfiguration}:
 * {@code @ProjectionHandler} beans and {@code ego.projection-defaults.*} /
 * {@code ego.projections.<name>.*}.
 */
class ProjectionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withPropertyValues("ego.projection-defaults.pull-interval=20ms");

	@Test
	void annotatedProjectionRunsOverTheJournal() {
		this.contextRunner.withBean(RecordingProjection.class).run((context) -> {
			assertThat(context).hasSingleBean(DeadLetterStore.class)
				.getBean(DeadLetterStore.class)
				.isInstanceOf(InMemoryDeadLetterStore.class);
			EgoEngine engine = context.getBean(EgoEngine.class);
			engine.askAndWait("account", "a", AccountBehavior.open("a", 1));
			engine.askAndWait("account", "a", AccountBehavior.credit("a", 2));
			RecordingProjection projection = context.getBean(RecordingProjection.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> projection.positions.size() == 2);
			assertThat(engine.projections().status("recorder").state()).isEqualTo(ProjectionStatus.State.RUNNING);
		});
	}

	@Test
	void propertiesMapOntoProjectionSettings() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projection-defaults.buffer-size=50", "ego.projections.recorder.parallelism=4",
					"ego.projections.recorder.recovery.policy=retry-and-skip",
					"ego.projections.recorder.recovery.retries=7", "ego.projections.recorder.recovery.retry-delay=10ms",
					"ego.projections.recorder.auto-start=false", "ego.projections.recorder.start-from=end")
			.run((context) -> {
				ProjectionStatus status = context.getBean(EgoEngine.class).projections().status("recorder");
				assertThat(status.settings())
					.isEqualTo(new ProjectionSettings(4, 50, Duration.ofMillis(20), RecoveryPolicy.RETRY_AND_SKIP, 7,
							Duration.ofMillis(10), false, false, ProjectionSettings.StartFrom.END));
				assertThat(status.state()).isEqualTo(ProjectionStatus.State.STOPPED);
				assertThat(status.workers()).hasSize(4);
			});
	}

	@Test
	void leasePropertiesAndTheInstanceIdReachTheEngine() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.instance-id=node-7", "ego.projection-defaults.lease.duration=40s",
					"ego.projections.recorder.lease.renew-interval=2s")
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				assertThat(engine.instanceId()).isEqualTo("node-7");
				ProjectionStatus status = engine.projections().status("recorder");
				assertThat(status.settings().leaseDuration()).isEqualTo(Duration.ofSeconds(40));
				assertThat(status.settings().leaseRenewInterval()).isEqualTo(Duration.ofSeconds(2));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(engine.projections().status("recorder").workers())
						.extracting(ProjectionStatus.Worker::owner)
						.containsExactly("node-7"));
			});
	}

	@Test
	void aRenewalIntervalLongerThanHalfTheLeaseFailsNamingTheProperty() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projection-defaults.lease.duration=10s",
					"ego.projections.recorder.lease.renew-interval=6s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.projections.recorder.lease.renew-interval")
				.hasMessageContaining("at most half of lease.duration"));
	}

	@Test
	void invalidLeaseDefaultsFailAtStartUpWithoutAnyProjection() {
		this.contextRunner.withPropertyValues("ego.projection-defaults.lease.duration=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.projection-defaults.lease.duration"));
	}

	@Test
	void aBlankInstanceIdFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.instance-id= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.instance-id"));
	}

	@Test
	void disabledProjectionIsNotRegistered() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projections.recorder.enabled=false")
			.run((context) -> assertThat(context.getBean(EgoEngine.class).projections().names()).isEmpty());
	}

	@Test
	void invalidValueFailsNamingTheProperty() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projections.recorder.parallelism=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ego.projections.recorder.parallelism"));
	}

	@Test
	void settingsForAnUnknownProjectionFailNamingTheProperty() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projections.recordr.parallelism=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EngineConfigurationException.class)
				.hasMessageContaining("ego.projections.recordr")
				.hasMessageContaining("[recorder]"));
	}

	@Test
	void twoBeansWithOneNameFailNamingBoth() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withBean(OtherRecordingProjection.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'recorder' is declared by two beans")
				.hasMessageContaining("RecordingProjection")
				.hasMessageContaining("OtherRecordingProjection"));
	}

	@Test
	void projectionWithoutAnnotationFailsNamingTheBean() {
		this.contextRunner.withBean(UnannotatedProjection.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(UnannotatedProjection.class.getName())
				.hasMessageContaining("without @ProjectionHandler"));
	}

	@Test
	void annotatedClassThatIsNoProjectionFailsNamingTheBean() {
		this.contextRunner.withBean(NotAProjection.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(NotAProjection.class.getName())
				.hasMessageContaining("does not implement io.ego.core.projection.Projection"));
	}

	@Test
	void transactionalProjectionWithoutTransactionManagerFailsNamingIt() {
		this.contextRunner.withBean(RecordingProjection.class)
			.withPropertyValues("ego.projections.recorder.transactional=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'recorder' is transactional"));
	}

}
