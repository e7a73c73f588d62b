package io.ego.spring.boot.autoconfigure.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Fails the start-up, before any bean is created, when a property under {@code ego} is
 * set that no module on the class path defines (see {@link KnownEgoProperties}).
 * Environment variables are not checked (their names are ambiguous, and {@code EGO_*}
 * variables are often read through placeholders), nor {@code ego.test.*}, which eGo's own
 * test harness reads from system properties.
 *
 * @author eGo team
 */
final class EgoPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final ConfigurationPropertyName TEST = ConfigurationPropertyName.of("ego.test");

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return;
		}
		boolean fail = Binder.get(configurable)
			.bind("ego.fail-on-unknown-properties", Boolean.class)
			.orElse(Boolean.TRUE);
		if (!fail) {
			return;
		}
		List<String> unknown = check(configurable, KnownEgoProperties.load(beanFactory.getBeanClassLoader()));
		if (!unknown.isEmpty()) {
			throw new UnknownEgoPropertiesException(unknown);
		}
	}

	static List<String> check(ConfigurableEnvironment environment, KnownEgoProperties known) {
		Set<String> unknown = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| isEnvironmentVariables(source.getUnderlyingSource())) {
				continue;
			}
			iterable.stream()
				.filter(KnownEgoProperties::isUnderEgo)
				.filter((name) -> !TEST.isAncestorOf(name) && !known.isKnown(name))
				.forEach((name) -> unknown.add(describe(name, iterable.getConfigurationProperty(name), known)));
		}
		return new ArrayList<>(unknown);
	}

	private static boolean isEnvironmentVariables(@Nullable Object source) {
		return source instanceof PropertySource<?> propertySource
				&& propertySource.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
	}

	private static String describe(ConfigurationPropertyName name, @Nullable ConfigurationProperty property,
			KnownEgoProperties known) {
		StringBuilder line = new StringBuilder(name.toString());
		Origin origin = (property != null) ? property.getOrigin() : null;
		if (origin != null) {
			line.append(" (").append(origin).append(')');
		}
		String nearest = known.nearest(name);
		if (nearest != null) {
			line.append(": did you mean ").append(nearest).append('?');
		}
		return line.toString();
	}

}
