package io.ego.spring.boot.autoconfigure;

import java.util.function.Supplier;

import io.ego.core.projection.ProjectionTransactions;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link ProjectionTransactions} on the application's {@link PlatformTransactionManager}:
 * every unit of work runs in a new transaction, so that a transactional projection's
 * repository or {@code JdbcClient} writes and the JDBC offset store's commit succeed or
 * fail together.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class SpringProjectionTransactions implements ProjectionTransactions {

	private final TransactionTemplate template;

	/**
	 * Creates transactions on a transaction manager.
	 * @param transactionManager the application's transaction manager
	 */
	public SpringProjectionTransactions(PlatformTransactionManager transactionManager) {
		this.template = new TransactionTemplate(transactionManager);
		this.template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	@Override
	public <T> T inTransaction(Supplier<T> work) {
		return this.template.execute((status) -> work.get());
	}

}
