package io.ego.samples.bank;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring-boot:test-run} without Docker stops with a sentence saying why and what
 * to run instead, not with Testcontainers' stack trace.
 */
class TestBankAccountApplicationTests {

	@Test
	void withoutDockerTheEntryPointSaysWhatToRunInstead() {
		assertThat(TestBankAccountApplication.refusal(false)).contains("finds no Docker environment")
			.contains("spring-boot:run -Dspring-boot.run.profiles=postgres");
	}

	@Test
	void withDockerItStarts() {
		assertThat(TestBankAccountApplication.refusal(true)).isNull();
	}

}
