package io.ego.samples.bank.statement;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.spring.annotation.ProjectionHandler;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The accounts' statements: one row per account event, keyed by its journal position, in table
 * {@code account_statement} of the application's database (created if missing). Delivery is at-least-once (an
 * event handled again after a restart that came before its offset was saved), so an event already in the table is
 * skipped. Each event handled is a span that continues the trace of the command that wrote it.
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
	 * Creates the projection and its table.
	 * @param jdbc the application's database
	 */
	public StatementProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
		jdbc.sql("""
				CREATE TABLE IF NOT EXISTS account_statement (
				  position BIGINT PRIMARY KEY,
				  account_id VARCHAR(255) NOT NULL,
				  sequence_nr BIGINT NOT NULL,
				  kind VARCHAR(16) NOT NULL,
				  amount BIGINT NOT NULL,
				  written_at TIMESTAMP WITH TIME ZONE NOT NULL
				)""").update();
	}

	@Override
	public void handle(EventEnvelope envelope) {
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
