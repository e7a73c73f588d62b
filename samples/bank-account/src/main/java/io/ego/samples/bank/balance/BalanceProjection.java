package io.ego.samples.bank.balance;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.spring.annotation.ProjectionHandler;

/**
 * The accounts' balances, read from the journal into the
 * {@link AccountBalanceRepository}. Configured
 * {@code ego.projections.account-balances.transactional=true}: the repository's writes
 * and the projection's offset commit share one Spring transaction, so each event is
 * applied exactly once.
 * <p>
 * Each row remembers the sequence number of the last event applied, so that the
 * projection tolerates being read again (an operator's rebuild): an {@link AccountOpened}
 * (always the first event of an account's history) resets the row, and a credit or debit
 * at or below the row's sequence number is skipped. A rebuild from the beginning
 * therefore recomputes every account; a rebuild from a later position leaves the accounts
 * as they are. An erasure deletes the account's row.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ProjectionHandler(BalanceProjection.NAME)
public class BalanceProjection implements Projection {

	/** The projection's name. */
	public static final String NAME = "account-balances";

	private final AccountBalanceRepository balances;

	/**
	 * Creates the projection.
	 * @param balances the read model
	 */
	public BalanceProjection(AccountBalanceRepository balances) {
		this.balances = balances;
	}

	@Override
	public void handle(EventEnvelope envelope) {
		if (!envelope.entityType().equals(AccountBehavior.TYPE)) {
			return;
		}
		switch (envelope.event()) {
			case AccountOpened opened -> open(envelope, opened.getInitialBalance());
			case AccountCredited credited -> apply(envelope, credited.getAmount());
			case AccountDebited debited -> apply(envelope, -debited.getAmount());
			default -> {
			}
		}
	}

	private void open(EventEnvelope envelope, long initialBalance) {
		AccountBalance balance = this.balances.findById(envelope.entityId())
			.map((row) -> row.reopened(initialBalance, envelope.sequenceNr(), envelope.writeTime()))
			.orElseGet(() -> AccountBalance.opened(envelope.entityId(), initialBalance, envelope.sequenceNr(),
					envelope.writeTime()));
		this.balances.save(balance);
	}

	private void apply(EventEnvelope envelope, long amount) {
		AccountBalance balance = this.balances.findById(envelope.entityId())
			.orElseThrow(() -> new IllegalStateException("no balance for account '" + envelope.entityId()
					+ "' at its event " + envelope.sequenceNr() + ": the projection never read its opening "
					+ "(deleted by retention before the projection read it?)"));
		if (envelope.sequenceNr() <= balance.lastSequenceNr()) {
			return; // applied already: the journal is read again from a later position
		}
		this.balances.save(balance.plus(amount, envelope.sequenceNr(), envelope.writeTime()));
	}

	/**
	 * Deletes an erased account's balance (its tombstone, or one of its events met after
	 * the erasure).
	 */
	@Override
	public void onErased(EventEnvelope envelope) {
		if (envelope.entityType().equals(AccountBehavior.TYPE)) {
			this.balances.deleteById(envelope.entityId());
		}
	}

}
