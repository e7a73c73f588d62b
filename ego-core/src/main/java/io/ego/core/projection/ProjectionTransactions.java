package io.ego.core.projection;

import java.util.function.Supplier;

/**
 * Runs work in one transaction: a transactional projection runs its handler calls and its
 * offset commit through it, so a read model in the same database as the offsets is
 * updated exactly once. The Spring Boot starter provides one backed by the application's
 * transaction manager.
 *
 * @author eGo team
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProjectionTransactions {

	/**
	 * Runs work in a new transaction, committed when the work returns and rolled back
	 * when it throws.
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	<T> T inTransaction(Supplier<T> work);

}
