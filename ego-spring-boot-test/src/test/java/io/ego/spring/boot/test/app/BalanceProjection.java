package io.ego.spring.boot.test.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;
import io.ego.test.bank.AccountCredited;
import io.ego.test.bank.AccountDebited;
import io.ego.test.bank.AccountOpened;

/** A read model of balances, in memory. */
@ProjectionHandler("balances")
public class BalanceProjection implements Projection {

	private final Map<String, Long> balances = new ConcurrentHashMap<>();

	@Override
	public void handle(EventEnvelope envelope) {
		switch (envelope.event()) {
			case AccountOpened opened -> this.balances.put(envelope.entityId(), opened.getInitialBalance());
			case AccountCredited credited -> this.balances.merge(envelope.entityId(), credited.getAmount(), Long::sum);
			case AccountDebited debited -> this.balances.merge(envelope.entityId(), -debited.getAmount(), Long::sum);
			default -> {
			}
		}
	}

	/**
	 * @return the balances by account id
	 */
	public Map<String, Long> balances() {
		return Map.copyOf(this.balances);
	}

}
