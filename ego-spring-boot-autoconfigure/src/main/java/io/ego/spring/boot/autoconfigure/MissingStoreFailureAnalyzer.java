package io.ego.spring.boot.autoconfigure;

import io.ego.core.store.EventStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a missing eGo store at start-up: with {@code ego.store.type=jdbc} the JDBC
 * stores need ego-stores-jdbc and a single {@code DataSource}. Runs before Boot's generic
 * analysis of missing beans.
 *
 * @author eGo team
 */
class MissingStoreFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> implements Ordered {

	private static final String STORE_PACKAGE = EventStore.class.getPackageName() + ".";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		Class<?> type = cause.getBeanType();
		if (type == null || !type.getName().startsWith(STORE_PACKAGE)) {
			return null;
		}
		return new FailureAnalysis("The eGo engine needs a bean of type " + type.getName()
				+ " and none was found. With ego.store.type=jdbc the JDBC stores are created only when ego-stores-jdbc "
				+ "is on the classpath and there is a single (or a primary) DataSource bean; ego.store.type=auto falls "
				+ "back to in-memory stores.",
				"Add spring-boot-starter-jdbc and a JDBC driver (or define one DataSource bean), set ego.store.type to "
						+ "auto or in-memory, or define a bean of type " + type.getName() + ".",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
