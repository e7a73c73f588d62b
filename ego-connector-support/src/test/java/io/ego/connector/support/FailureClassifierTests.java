package io.ego.connector.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTests {

	private final FailureClassifier failures = FailureClassifier.of(UncheckedIOException.class::isInstance,
			IllegalArgumentException.class::isInstance);

	@Test
	void unwrapRemovesTheFuturesAndTheClientsWrappers() {
		IOException client = new IOException("down");
		assertThat(
				this.failures.unwrap(new ExecutionException(new CompletionException(new UncheckedIOException(client)))))
			.isSameAs(client);
		IllegalStateException other = new IllegalStateException(client);
		assertThat(this.failures.unwrap(other)).isSameAs(other);
	}

	@Test
	void aFailureCausedByAPoisonOneIsPoison() {
		assertThat(this.failures.isPoison(new IllegalStateException(new IllegalArgumentException()))).isTrue();
		assertThat(this.failures.isPoison(new IOException("down"))).isFalse();
		assertThat(this.failures.isPoison(null)).isFalse();
	}

	@Test
	void preferKeepsTheFirstFailureUnlessOnlyTheNextIsPoison() {
		IOException first = new IOException("down");
		IllegalArgumentException poison = new IllegalArgumentException("too large");
		assertThat(this.failures.prefer(null, first)).isSameAs(first);
		assertThat(this.failures.prefer(first, poison)).isSameAs(poison);
		assertThat(this.failures.prefer(poison, new IllegalArgumentException())).isSameAs(poison);
		assertThat(this.failures.prefer(poison, first)).isSameAs(poison);
	}

	@Test
	void anErrorIsWrappedToBeThrownAsAnException() {
		AssertionError error = new AssertionError();
		assertThat(FailureClassifier.asException(error)).isInstanceOf(ExecutionException.class).hasCause(error);
		IOException exception = new IOException();
		assertThat(FailureClassifier.asException(exception)).isSameAs(exception);
	}

}
