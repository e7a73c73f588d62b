package io.ego.spring.boot.autoconfigure.observability;

import java.util.List;
import java.util.function.BooleanSupplier;

import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.observation.CommandObservationConvention;
import io.ego.core.observation.DeadLetterObservationConvention;
import io.ego.core.observation.PersistObservationConvention;
import io.ego.core.observation.ProjectionBatchObservationConvention;
import io.ego.core.observation.ProjectionEventObservationConvention;
import io.ego.core.observation.PublishObservationConvention;
import io.ego.core.observation.RecoveryObservationConvention;
import io.ego.core.observation.RetentionObservationConvention;
import io.ego.core.observation.SnapshotObservationConvention;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.ego.spring.boot.autoconfigure.observability.EgoObservabilityProperties.CommandTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of eGo's observability: the auto-configured {@link EgoEngine}
 * records its {@link io.ego.core.observation.EgoObservation observations} on the
 * application's {@link ObservationRegistry} (spans with Boot's tracing, timers with
 * Boot's metrics), with the application's beans of eGo's convention types
 * ({@link CommandObservationConvention} and the like) replacing the defaults, and
 * registers its meters on the application's {@link MeterRegistry} (when micrometer-core
 * is on the class path). Without a registry nothing is recorded. Switched by
 * {@link EgoObservabilityProperties ego.observability.*}. The customizers run first, so
 * that the application's own {@link EgoEngineBuilderCustomizer customizers} can replace
 * what they set.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ EgoEngine.class, ObservationRegistry.class })
@EnableConfigurationProperties(EgoObservabilityProperties.class)
public final class EgoObservabilityAutoConfiguration {

	/**
	 * Order of the customizers: before the application's (which are unordered, so last,
	 * by default).
	 */
	static final int CUSTOMIZER_ORDER = 0;

	/** The tracer of micrometer-tracing, when the application has it. */
	private static final String TRACER = "io.micrometer.tracing.Tracer";

	private static final List<Class<?>> CONVENTION_TYPES = List.of(CommandObservationConvention.class,
			PersistObservationConvention.class, RecoveryObservationConvention.class,
			SnapshotObservationConvention.class, RetentionObservationConvention.class,
			ProjectionBatchObservationConvention.class, ProjectionEventObservationConvention.class,
			PublishObservationConvention.class, DeadLetterObservationConvention.class);

	@Bean
	@ConditionalOnMissingBean(name = "egoObservationEngineBuilderCustomizer")
	@ConditionalOnBooleanProperty(name = "ego.observability.observations.enabled", matchIfMissing = true)
	EgoEngineBuilderCustomizer egoObservationEngineBuilderCustomizer(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ObservationConvention<?>> conventions) {
		return new ObservationRegistryCustomizer(registry, conventions);
	}

	/** Passes the observation registry and eGo's conventions to the builder. */
	private static final class ObservationRegistryCustomizer implements EgoEngineBuilderCustomizer, Ordered {

		private final ObjectProvider<ObservationRegistry> registry;

		private final ObjectProvider<ObservationConvention<?>> conventions;

		ObservationRegistryCustomizer(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<ObservationConvention<?>> conventions) {
			this.registry = registry;
			this.conventions = conventions;
		}

		@Override
		public void customize(EgoEngineBuilder builder) {
			ObservationRegistry registry = this.registry.getIfUnique();
			if (registry == null || registry.isNoop()) {
				return;
			}
			builder.observationRegistry(registry);
			this.conventions.orderedStream()
				.filter((convention) -> CONVENTION_TYPES.stream().anyMatch((type) -> type.isInstance(convention)))
				.forEach(builder::observationConvention);
		}

		@Override
		public int getOrder() {
			return CUSTOMIZER_ORDER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MeterRegistryConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "egoMetricsEngineBuilderCustomizer")
		@ConditionalOnBooleanProperty(name = "ego.observability.metrics.enabled", matchIfMissing = true)
		EgoEngineBuilderCustomizer egoMetricsEngineBuilderCustomizer(ObjectProvider<MeterRegistry> registry,
				EgoObservabilityProperties properties, ListableBeanFactory beans) {
			CommandTiming timing = properties.getObservations().getCommands();
			return new MeterRegistryCustomizer(registry, () -> commandMeters(timing, beans));
		}

		/**
		 * @return whether commands and their writes are timed by meters: {@code auto}
		 * unless the application traces (a {@code Tracer} bean) or has its own command or
		 * persist convention
		 */
		static boolean commandMeters(CommandTiming timing, ListableBeanFactory beans) {
			return switch (timing) {
				case METERS -> true;
				case OBSERVATIONS -> false;
				case AUTO -> !hasBean(beans, TRACER) && !hasBean(beans, CommandObservationConvention.class.getName())
						&& !hasBean(beans, PersistObservationConvention.class.getName());
			};
		}

		private static boolean hasBean(ListableBeanFactory beans, String type) {
			ClassLoader loader = EgoObservabilityAutoConfiguration.class.getClassLoader();
			if (!ClassUtils.isPresent(type, loader)) {
				return false;
			}
			return beans.getBeanNamesForType(ClassUtils.resolveClassName(type, loader), true, false).length > 0;
		}

		@Bean
		@ConditionalOnMissingBean(name = "egoMetricsDenyFilter")
		@ConditionalOnBooleanProperty(name = "ego.observability.metrics.enabled", havingValue = false)
		MeterFilter egoMetricsDenyFilter() {
			return MeterFilter.deny((id) -> id.getName().startsWith("ego."));
		}

		/** Passes the meter registry to the builder. */
		private static final class MeterRegistryCustomizer implements EgoEngineBuilderCustomizer, Ordered {

			private final ObjectProvider<MeterRegistry> registry;

			private final BooleanSupplier commandMeters;

			MeterRegistryCustomizer(ObjectProvider<MeterRegistry> registry, BooleanSupplier commandMeters) {
				this.registry = registry;
				this.commandMeters = commandMeters;
			}

			@Override
			public void customize(EgoEngineBuilder builder) {
				this.registry.ifUnique(
						(meters) -> builder.meterRegistry(meters).commandMeters(this.commandMeters.getAsBoolean()));
			}

			@Override
			public int getOrder() {
				return CUSTOMIZER_ORDER;
			}

		}

	}

}
