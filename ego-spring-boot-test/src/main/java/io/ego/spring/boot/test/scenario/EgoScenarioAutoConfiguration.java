package io.ego.spring.boot.test.scenario;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.ego.core.EgoEngine;
import io.ego.core.projection.ProjectionSettings;
import io.ego.core.store.EventStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * The scenario support of {@link io.ego.spring.boot.test.EgoTest @EgoTest}: the
 * {@link EgoTestClock} as the engine's clock, a projection recording the journal, the
 * {@link EgoTestPublisher} beans as event publishers, the {@link EgoScenario}, and the
 * start-up check that every class the test names is a bean.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class)
public final class EgoScenarioAutoConfiguration {

	/**
	 * The classes {@code @EgoTest(...)} names, comma-separated, that must be beans of the
	 * test context.
	 */
	public static final String INCLUDES_PROPERTY = "ego.test.includes";

	@Bean
	@ConditionalOnMissingBean
	EgoTestClock egoTestClock() {
		return new EgoTestClock();
	}

	@Bean
	JournalRecorder egoTestJournalRecorder() {
		byte[] suffix = new byte[4];
		ThreadLocalRandom.current().nextBytes(suffix);
		return new JournalRecorder("ego-test-journal-" + HexFormat.of().formatHex(suffix));
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	EgoEngineBuilderCustomizer egoTestCustomizer(EgoTestClock clock, JournalRecorder recorder,
			ObjectProvider<EgoTestPublisher> publishers) {
		ProjectionSettings settings = ProjectionSettings.defaults()
			.withStartFrom(ProjectionSettings.StartFrom.BEGINNING)
			.withPullInterval(Duration.ofMillis(20));
		return (builder) -> {
			builder.clock(clock).projection(recorder.name(), recorder.projection(), settings);
			publishers.orderedStream()
				.forEach((publisher) -> builder.eventPublisher(publisher.name(), publisher, settings));
		};
	}

	@Bean
	@ConditionalOnMissingBean
	EgoScenario egoScenario(EgoEngine engine, EventStore journal, JournalRecorder recorder, EgoTestClock clock,
			ObjectProvider<EgoTestPublisher> publishers) {
		return new EgoScenario(engine, journal, recorder, clock, publishers.orderedStream().toList(),
				EgoScenario.DEFAULT_TIMEOUT);
	}

	@Bean
	static BeanFactoryPostProcessor egoTestIncludesCheck(Environment environment) {
		return (beanFactory) -> {
			for (String include : environment.getProperty(INCLUDES_PROPERTY, String[].class, new String[0])) {
				Class<?> type;
				try {
					type = Class.forName(include, false, beanFactory.getBeanClassLoader());
				}
				catch (ClassNotFoundException ex) {
					throw new EgoTestConfigurationException("@EgoTest names " + include + ", which is not found", ex);
				}
				if (beanFactory.getBeanNamesForType(type, true, false).length == 0) {
					throw new EgoTestConfigurationException("@EgoTest names " + type.getName()
							+ ", but the test context has no bean of that type: annotate it @EventSourcedEntity, "
							+ "@DurableStateEntity, @ProjectionHandler or @Saga, in a package the application scans",
							null);
				}
			}
		};
	}

}
