package io.ego.cluster.hazelcast.autoconfigure;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

/**
 * A projection that does nothing, so that the endpoint lists its worker.
 */
@ProjectionHandler("balances")
class Balances implements Projection {

	@Override
	public void handle(EventEnvelope envelope) {
	}

}
