package io.ego.spring.boot.autoconfigure.projections;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountOpened;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A balance per account in table {@code balance_view}, updated without any idempotency
 * guard: only a transactional projection keeps it exact across redeliveries.
 */
@ProjectionHandler("balances")
public class BalanceReadModel implements Projection {

	private final JdbcClient jdbc;

	public BalanceReadModel(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void handle(EventEnvelope envelope) {
		switch (envelope.event()) {
			case AccountOpened opened -> this.jdbc.sql("INSERT INTO balance_view (id, balance) VALUES (?, ?)")
				.params(envelope.entityId(), opened.getInitialBalance())
				.update();
			case AccountCredited credited -> this.jdbc.sql("UPDATE balance_view SET balance = balance + ? WHERE id = ?")
				.params(credited.getAmount(), envelope.entityId())
				.update();
			default -> {
			}
		}
	}

}
