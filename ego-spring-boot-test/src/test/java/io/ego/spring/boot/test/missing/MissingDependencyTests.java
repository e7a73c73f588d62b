package io.ego.spring.boot.test.missing;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.boot.test.EgoTest;
import io.ego.spring.boot.test.scenario.EgoScenario;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A projection that needs a bean outside the slice fails the context naming both; the
 * test adds the bean with {@code @Import}.
 */
class MissingDependencyTests {

	@Test
	void aProjectionsMissingDependencyIsNamed() {
		TestContextManager manager = new TestContextManager(WithoutTheAuditLog.class);
		assertThatException().isThrownBy(() -> manager.prepareTestInstance(new WithoutTheAuditLog()))
			.havingCause()
			.isInstanceOf(UnsatisfiedDependencyException.class)
			.withMessageContaining("auditProjection")
			.withMessageContaining(AuditLog.class.getName());
	}

	@Test
	void theTestImportsIt() throws Exception {
		WithTheAuditLog test = new WithTheAuditLog();
		new TestContextManager(WithTheAuditLog.class).prepareTestInstance(test);
		test.scenario.send(AuditAccountEntity.class, "acc-1", AccountBehavior.open("acc-1", 1)).thenAccepted();
		test.scenario.awaitProjection("audit");
		assertThat(test.log.lines()).containsExactly("account|acc-1#1");
	}

	@EgoTest
	static final class WithoutTheAuditLog {

	}

	@EgoTest
	@Import(AuditLog.class)
	static final class WithTheAuditLog {

		@Autowired
		EgoScenario scenario;

		@Autowired
		AuditLog log;

	}

}
