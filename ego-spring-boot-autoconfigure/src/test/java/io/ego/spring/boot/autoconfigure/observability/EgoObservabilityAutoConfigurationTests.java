package io.ego.spring.boot.autoconfigure.observability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.observation.CommandContext;
import io.ego.core.observation.DefaultCommandObservationConvention;
import io.ego.core.observation.PersistContext;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.observability.EgoObservabilityProperties.CommandTiming;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.ego.core.fixtures.AccountBehavior.credit;
import static io.ego.core.fixtures.AccountBehavior.debit;
import static io.ego.core.fixtures.AccountBehavior.open;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoObservabilityAutoConfiguration}.
 */
class EgoObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoObservabilityAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class);

	private final ApplicationContextRunner withRegistries = this.contextRunner
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withBean(RecordingHandler.class);

	@Test
	void withoutRegistriesTheEngineIsBuiltWithoutTelemetry() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRegistry.class)
				.doesNotHaveBean(MeterRegistry.class)
				.hasSingleBean(EgoObservabilityProperties.class)
				.hasBean("egoObservationEngineBuilderCustomizer")
				.hasBean("egoMetricsEngineBuilderCustomizer")
				.doesNotHaveBean(MeterFilter.class);
			assertThat(workload(context.getBean(EgoEngine.class))).isInstanceOf(CommandReply.Rejected.class);
		});
	}

	@Test
	void withRegistriesCommandsAreObservedAndMeteredWithLowCardinalityTags() {
		this.withRegistries.withPropertyValues("ego.observability.observations.commands=observations")
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationRegistry.class).hasSingleBean(MeterRegistry.class);
				workload(context.getBean(EgoEngine.class));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertCommandAndPersistTimers(meters);
				assertThat(meters.get("ego.events.persisted").tag("ego.entity.type", "account").counter().count())
					.isEqualTo(2);
				assertThat(meters.get("ego.persist.batch.size").summary().count()).isEqualTo(2);
				assertThat(meters.get("ego.entities.activations").counter().count()).isEqualTo(1);
				assertThat(meters.get("ego.entities.active").gauge().value()).isEqualTo(1);
				assertThat(meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
					.noneMatch((tag) -> tag.getValue().contains("acc-1")));
				RecordingHandler handler = context.getBean(RecordingHandler.class);
				assertThat(handler.contexts).filteredOn(CommandContext.class::isInstance).hasSize(3);
				assertThat(handler.contexts).filteredOn(PersistContext.class::isInstance)
					.hasSize(2)
					.allSatisfy((persist) -> assertThat(persist.getParentObservation().getContextView())
						.isInstanceOf(CommandContext.class));
			});
	}

	@Test
	void withoutATracerCommandsAreTimedByMetersWithTheSameTimersAndNoObservationEach() {
		this.withRegistries.run((context) -> {
			workload(context.getBean(EgoEngine.class));
			assertCommandAndPersistTimers(context.getBean(MeterRegistry.class));
			RecordingHandler handler = context.getBean(RecordingHandler.class);
			assertThat(handler.contexts)
				.noneMatch((observed) -> observed instanceof CommandContext || observed instanceof PersistContext);
		});
	}

	@Test
	void withATracerCommandsAreObservations() {
		this.withRegistries.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			workload(context.getBean(EgoEngine.class));
			assertThat(context.getBean(RecordingHandler.class).contexts).filteredOn(CommandContext.class::isInstance)
				.hasSize(3);
			assertThat(count(context.getBean(MeterRegistry.class), "ego.command", "accepted")).isEqualTo(2);
		});
	}

	@Test
	void metersTimeCommandsEvenWithATracerWhenAskedTo() {
		this.withRegistries.withBean(Tracer.class, () -> Tracer.NOOP)
			.withPropertyValues("ego.observability.observations.commands=meters")
			.run((context) -> {
				workload(context.getBean(EgoEngine.class));
				assertThat(context.getBean(RecordingHandler.class).contexts)
					.noneMatch(CommandContext.class::isInstance);
				assertThat(count(context.getBean(MeterRegistry.class), "ego.command", "accepted")).isEqualTo(2);
			});
	}

	@Test
	void conventionBeansOfEgoTypesReplaceTheDefaults() {
		this.withRegistries.withBean(BankCommandConvention.class).run((context) -> {
			workload(context.getBean(EgoEngine.class));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(count(meters, "bank.command", "accepted")).isEqualTo(2);
			assertThat(meters.find("ego.command").timers()).isEmpty();
			assertThat(count(meters, "ego.persist", "success")).isEqualTo(2);
		});
	}

	@Test
	void observationsDisabledKeepsTheMetersOnly() {
		this.withRegistries.withPropertyValues("ego.observability.observations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("egoObservationEngineBuilderCustomizer");
			workload(context.getBean(EgoEngine.class));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// commands are still timed, by meters
			assertThat(count(meters, "ego.command", "accepted")).isEqualTo(2);
			assertThat(count(meters, "ego.persist", "success")).isEqualTo(2);
			assertThat(meters.get("ego.events.persisted").counter().count()).isEqualTo(2);
			assertThat(context.getBean(RecordingHandler.class).contexts).isEmpty();
		});
	}

	@Test
	void observationsDisabledAndCommandsAsObservationsTimeNoCommand() {
		this.withRegistries
			.withPropertyValues("ego.observability.observations.enabled=false",
					"ego.observability.observations.commands=observations")
			.run((context) -> {
				workload(context.getBean(EgoEngine.class));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("ego.command").timers()).isEmpty();
				assertThat(meters.find("ego.persist").timers()).extracting((timer) -> timer.getId().toString())
					.isEmpty();
				assertThat(meters.get("ego.events.persisted").counter().count()).isEqualTo(2);
			});
	}

	@Test
	void metricsDisabledKeepsTheObservationsForTracesButNoEgoMeter() {
		this.withRegistries.withPropertyValues("ego.observability.metrics.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("egoMetricsEngineBuilderCustomizer").hasBean("egoMetricsDenyFilter");
			workload(context.getBean(EgoEngine.class));
			assertThat(context.getBean(MeterRegistry.class).getMeters())
				.noneMatch((meter) -> meter.getId().getName().startsWith("ego."));
			assertThat(context.getBean(RecordingHandler.class).contexts).filteredOn(CommandContext.class::isInstance)
				.hasSize(3);
		});
	}

	@Test
	void bothDisabledRecordNothing() {
		this.withRegistries
			.withPropertyValues("ego.observability.observations.enabled=false",
					"ego.observability.metrics.enabled=false")
			.run((context) -> {
				workload(context.getBean(EgoEngine.class));
				assertThat(context.getBean(MeterRegistry.class).getMeters())
					.noneMatch((meter) -> meter.getId().getName().startsWith("ego."));
				assertThat(context.getBean(RecordingHandler.class).contexts).isEmpty();
			});
	}

	@Test
	void withoutMicrometerCoreOnlyObservationsAreRecorded() {
		ObservationRegistry registry = ObservationRegistry.create();
		RecordingHandler handler = new RecordingHandler();
		registry.observationConfig().observationHandler(handler);
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasBean("egoObservationEngineBuilderCustomizer")
					.doesNotHaveBean("egoMetricsEngineBuilderCustomizer");
				workload(context.getBean(EgoEngine.class));
				assertThat(handler.contexts).filteredOn(CommandContext.class::isInstance).hasSize(3);
			});
	}

	@Test
	void applicationCustomizersRunAfterAndCanReplaceTheRegistries() {
		this.withRegistries.withPropertyValues("ego.observability.observations.commands=observations")
			.withBean("noTelemetry", EgoEngineBuilderCustomizer.class,
					() -> (builder) -> builder.observationRegistry(ObservationRegistry.NOOP))
			.run((context) -> {
				workload(context.getBean(EgoEngine.class));
				assertThat(context.getBean(RecordingHandler.class).contexts).isEmpty();
				assertThat(context.getBean(MeterRegistry.class).find("ego.command").timers()).isEmpty();
				assertThat(context.getBean(MeterRegistry.class).get("ego.events.persisted").counter().count())
					.isEqualTo(2);
			});
	}

	@Test
	void propertiesDefaultToEnabled() {
		EgoObservabilityProperties properties = new EgoObservabilityProperties();
		assertThat(properties.getObservations().isEnabled()).isTrue();
		assertThat(properties.getMetrics().isEnabled()).isTrue();
		assertThat(properties.getObservations().getCommands()).isEqualTo(CommandTiming.AUTO);
	}

	/**
	 * Two accepted commands and one rejected, on one account; returns the rejected reply.
	 */
	private static CommandReply<?> workload(EgoEngine engine) {
		engine.entity(AccountEntity.class, "acc-1").askAndWait(open("acc-1", 10));
		engine.entity(AccountEntity.class, "acc-1").askAndWait(credit("acc-1", 5));
		return engine.entity(AccountEntity.class, "acc-1").askAndWait(debit("acc-1", 100));
	}

	/** The workload's timers: two commands accepted, one rejected, two writes. */
	private static void assertCommandAndPersistTimers(MeterRegistry meters) {
		assertThat(count(meters, "ego.command", "accepted")).isEqualTo(2);
		assertThat(count(meters, "ego.command", "rejected")).isEqualTo(1);
		assertThat(meters.get("ego.command")
			.tag("ego.entity.type", "account")
			.tag("ego.command.type", "ego.test.bank.CreditAccount")
			.tag("error", "none")
			.timer()
			.count()).isEqualTo(1);
		assertThat(count(meters, "ego.persist", "success")).isEqualTo(2);
	}

	private static long count(MeterRegistry meters, String name, String outcome) {
		return meters.find(name).tag("ego.outcome", outcome).timers().stream().mapToLong(Timer::count).sum();
	}

	/** Records the context of every observation started. */
	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.contexts.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/** Renames the command observation. */
	static class BankCommandConvention extends DefaultCommandObservationConvention {

		@Override
		public String getName() {
			return "bank.command";
		}

	}

}
