package io.ego.connector.nats;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link NatsServer} parameter: one server for the whole test run, started on
 * first use and stopped when the run ends.
 */
public final class NatsServerExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == NatsServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getRoot()
			.getStore(ExtensionContext.Namespace.create(NatsServerExtension.class))
			.computeIfAbsent("server", (key) -> NatsServer.start(), NatsServer.class);
	}

}
