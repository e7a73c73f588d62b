package io.ego.samples.bank.statement;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.spring.annotation.ProjectionHandler;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The accounts' statements, also the sample's audit trail: one row per account event,
 * keyed by its journal position, in table {@code account_statement} (created by
 * {@code schema.sql}). Delivery is at-least-once (an event is handled again after a
 * restart that came before its offset was saved, or after a rebuild), so an event already
 * in the table is skipped: the projection is idempotent by position. An erasure deletes
 * the account's lines. Each event handled is a span that continues the trace of the
 * command that wrote it.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ProjectionHandler(StatementProjection.NAME)
public class StatementProjection implements Projection {

	/** The projection's name. */
	public static final String NAME = "account-statement";

	private final JdbcClient jdbc;

	/**
	 * Creates the projection.
	 * @param jdbc the application's database
	 */
	public StatementProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void handle(EventEnvelope envelope) {
		if (!envelope.entityType().equals(AccountBehavior.TYPE)) {
			return;
		}
		String kind;
		long amount;
		switch (envelope.event()) {
			case AccountOpened opened -> {
				kind = "opened";
				amount = opened.getInitialBalance();
			}
			case AccountCredited credited -> {
				kind = "credit";
				amount = credited.getAmount();
			}
			case AccountDebited debited -> {
				kind = "debit";
				amount = -debited.getAmount();
			}
			default -> {
				return;
			}
		}
		boolean seen = this.jdbc.sql("SELECT COUNT(*) FROM account_statement WHERE position = ?")
			.param(envelope.position())
			.query(Long.class)
			.single() > 0;
		if (seen) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO account_statement (position, account_id, sequence_nr, kind, amount, written_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(envelope.position(), envelope.entityId(), envelope.sequenceNr(), kind, amount,
					OffsetDateTime.ofInstant(envelope.writeTime(), ZoneOffset.UTC))
			.update();
	}

	/**
	 * Deletes an erased account's lines (its tombstone, or one of its events met after
	 * the erasure).
	 */
	@Override
	public void onErased(EventEnvelope envelope) {
		if (envelope.entityType().equals(AccountBehavior.TYPE)) {
			this.jdbc.sql("DELETE FROM account_statement WHERE account_id = ?").param(envelope.entityId()).update();
		}
	}

	/**
	 * Returns an account's statement as far as the projection has read the journal.
	 * @param accountId the account id
	 * @return its lines, oldest first; empty for an unknown account
	 */
	public List<StatementLine> statement(String accountId) {
		return this.jdbc.sql("""
				SELECT sequence_nr, kind, amount, written_at FROM account_statement
				WHERE account_id = ? ORDER BY sequence_nr""")
			.param(accountId)
			.query((row, index) -> new StatementLine(row.getLong("sequence_nr"), row.getString("kind"),
					row.getLong("amount"), row.getObject("written_at", OffsetDateTime.class).toInstant()))
			.list();
	}

}
