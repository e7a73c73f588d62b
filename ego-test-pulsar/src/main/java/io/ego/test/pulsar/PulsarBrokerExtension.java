package io.ego.test.pulsar;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one {@link PulsarBroker} per test run: started before the first test class
 * that uses the extension, shared by all of them, stopped when the run ends (it lives in
 * the root context's store, which closes it). Inject it as a parameter of a test, a
 * lifecycle method or a constructor, or call {@link #broker(ExtensionContext)}.
 *
 * <pre class="code">
 * &#64;ExtendWith(PulsarBrokerExtension.class)
 * class MyTests {
 *
 * 	&#64;Test
 * 	void publishes(PulsarBroker broker) { ... broker.serviceUrl() ... }
 *
 * }
 * </pre>
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class PulsarBrokerExtension implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(PulsarBrokerExtension.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		broker(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == PulsarBroker.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return broker(extensionContext);
	}

	/**
	 * @param context any extension context of the run
	 * @return the run's broker, started on first use
	 */
	public static PulsarBroker broker(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(PulsarBroker.class, (key) -> PulsarBroker.start(), PulsarBroker.class);
	}

}
