package io.ego.samples.bank.balance;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.ListCrudRepository;

/**
 * The balance read model's Spring Data JDBC repository. Written only by the
 * {@link BalanceProjection}; the REST API reads it.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface AccountBalanceRepository extends ListCrudRepository<AccountBalance, String> {

	/**
	 * Finds the accounts with at least a balance, largest balance first.
	 * @param min the smallest balance
	 * @param limit the most rows to return
	 * @return the balances
	 */
	List<AccountBalance> findByBalanceGreaterThanEqualOrderByBalanceDescAccountIdAsc(long min, Limit limit);

}
