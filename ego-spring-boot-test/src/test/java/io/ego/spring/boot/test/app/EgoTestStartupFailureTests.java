package io.ego.spring.boot.test.app;

import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoTestConfigurationException;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An {@code @EgoTest} that names a class which is not an eGo bean of the application
 * fails at start-up, naming it.
 */
class EgoTestStartupFailureTests {

	@Test
	void aNamedClassThatIsNotABeanFailsTheContext() {
		TestContextManager manager = new TestContextManager(NamesAPlainClass.class);
		assertThatException().isThrownBy(() -> manager.prepareTestInstance(new NamesAPlainClass()))
			.havingRootCause()
			.isInstanceOf(EgoTestConfigurationException.class)
			.withMessageContaining("@EgoTest names " + PlainClass.class.getName())
			.withMessageContaining("the test context has no bean of that type");
	}

	static final class PlainClass {

	}

	@EgoTest(PlainClass.class)
	static final class NamesAPlainClass {

	}

}
