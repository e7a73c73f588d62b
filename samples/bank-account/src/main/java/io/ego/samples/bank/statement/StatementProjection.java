package io.ego.samples.bank.statement;

import java.sql.DatabaseMetaData;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.api.AccountCredited;
import io.ego.samples.bank.api.AccountDebited;
import io.ego.samples.bank.api.AccountOpened;
import io.ego.spring.annotation.ProjectionHandler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The accounts' statements, also the sample's audit trail: one row per account event,
 * keyed by its journal position, in table {@code account_statement} (created by
 * {@code schema.sql}). Delivery is at-least-once (an event is handled again after a
 * restart that came before its offset was saved, or after a rebuild), so an event already
 * in the table is skipped: the projection is idempotent by position. The skip is one
 * statement the database makes atomic ({@code INSERT ... ON CONFLICT DO NOTHING} on
 * PostgreSQL, {@code MERGE ... KEY} on H2, {@code INSERT IGNORE} on MariaDB/MySQL), not a
 * read then an insert: two threads or two instances that handle one position at the same
 * moment write it once and neither fails. An erasure deletes the account's lines. Each
 * event handled is a span that continues the trace of the command that wrote it.
 *
 * @author eGo team
 * @since 0.1.0
 */
@ProjectionHandler(StatementProjection.NAME)
public class StatementProjection implements Projection {

	/** The projection's name. */
	public static final String NAME = "account-statement";

	private static final String COLUMNS = "(position, account_id, sequence_nr, kind, amount, written_at)";

	private final JdbcClient jdbc;

	/** Inserts a line unless its position is in the table already. */
	private final String insertOnce;

	/**
	 * Creates the projection.
	 * @param jdbc the application's database
	 * @param dataSource the same database, to tell which one it is
	 */
	public StatementProjection(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.insertOnce = insertOnce(databaseProduct(dataSource));
	}

	private static String databaseProduct(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("cannot tell which database the statement is kept in", ex);
		}
	}

	static String insertOnce(String databaseProduct) {
		String product = databaseProduct.toLowerCase(Locale.ROOT);
		if (product.contains("postgres")) {
			return "INSERT INTO account_statement " + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (position) "
					+ "DO NOTHING";
		}
		if (product.contains("h2")) {
			return "MERGE INTO account_statement " + COLUMNS + " KEY (position) VALUES (?, ?, ?, ?, ?, ?)";
		}
		if (product.contains("mariadb") || product.contains("mysql")) {
			return "INSERT IGNORE INTO account_statement " + COLUMNS + " VALUES (?, ?, ?, ?, ?, ?)";
		}
		throw new IllegalStateException("the statement projection has no idempotent insert for " + databaseProduct
				+ " (PostgreSQL, H2, MariaDB and MySQL are supported)");
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
		this.jdbc.sql(this.insertOnce)
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
