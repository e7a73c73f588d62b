package io.ego.spring.boot.autoconfigure.projections;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;
import io.ego.test.bank.AccountCredited;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A JDBC read model: one row per credit. A credit of 13 writes its row and then fails, so
 * that a transactional projection must roll the row back.
 */
@ProjectionHandler("ledger")
public class LedgerProjection implements Projection {

	private final JdbcClient jdbc;

	public LedgerProjection(JdbcClient jdbc) {
		this.jdbc = jdbc;
		jdbc.sql("CREATE TABLE IF NOT EXISTS ledger (position BIGINT PRIMARY KEY, amount BIGINT)").update();
	}

	@Override
	public void handle(EventEnvelope envelope) {
		if (envelope.event() instanceof AccountCredited credited) {
			this.jdbc.sql("INSERT INTO ledger (position, amount) VALUES (?, ?)")
				.params(envelope.position(), credited.getAmount())
				.update();
			if (credited.getAmount() == 13) {
				throw new IllegalStateException("unlucky credit");
			}
		}
	}

}
