package io.ego.samples.bank.web;

import java.time.Instant;
import java.util.List;

import io.ego.samples.bank.balance.AccountBalance;
import io.ego.samples.bank.balance.AccountBalanceRepository;
import io.ego.samples.bank.statement.StatementLine;
import io.ego.samples.bank.statement.StatementProjection;

import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the queries, served from the read models the projections keep: balances and
 * statements. They follow the journal shortly after the commands (eventually consistent):
 * while a projection is paused or lagging, they answer as of the last event it handled.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestController
class ReadModelController {

	/** The most balances one query returns. */
	static final int MAX_LIMIT = 1000;

	private final AccountBalanceRepository balances;

	private final StatementProjection statements;

	ReadModelController(AccountBalanceRepository balances, StatementProjection statements) {
		this.balances = balances;
		this.statements = statements;
	}

	@GetMapping("/accounts/{id}/balance")
	ResponseEntity<?> balance(@PathVariable @AccountId String id) {
		return this.balances.findById(id)
			.<ResponseEntity<?>>map((balance) -> ResponseEntity.ok(BalanceView.of(balance)))
			.orElseGet(() -> Replies.problem(HttpStatus.NOT_FOUND, "no balance for account '" + id + "'"));
	}

	@GetMapping("/balances")
	ResponseEntity<?> balances(@RequestParam(defaultValue = "0") long min,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			return Replies.problem(HttpStatus.UNPROCESSABLE_CONTENT, "limit must be between 1 and " + MAX_LIMIT);
		}
		return ResponseEntity
			.ok(this.balances.findByBalanceGreaterThanEqualOrderByBalanceDescAccountIdAsc(min, Limit.of(limit))
				.stream()
				.map(BalanceView::of)
				.toList());
	}

	@GetMapping("/accounts/{id}/statement")
	List<StatementLine> statement(@PathVariable @AccountId String id) {
		return this.statements.statement(id);
	}

	/**
	 * An account's balance as the read model has it.
	 *
	 * @param id the account id
	 * @param balance the balance
	 * @param revision the sequence number of the last event applied
	 * @param at when that event was written
	 */
	record BalanceView(String id, long balance, long revision, Instant at) {

		static BalanceView of(AccountBalance balance) {
			return new BalanceView(balance.accountId(), balance.balance(), balance.lastSequenceNr(),
					balance.updatedAt());
		}

	}

}
