package io.ego.spring.boot.test.missing;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

/** A projection that writes to the {@link AuditLog}. */
@ProjectionHandler("audit")
public class AuditProjection implements Projection {

	private final AuditLog log;

	AuditProjection(AuditLog log) {
		this.log = log;
	}

	@Override
	public void handle(EventEnvelope envelope) {
		this.log.add(envelope.persistenceId() + "#" + envelope.sequenceNr());
	}

}
