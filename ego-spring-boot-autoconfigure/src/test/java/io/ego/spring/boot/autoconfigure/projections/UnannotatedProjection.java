package io.ego.spring.boot.autoconfigure.projections;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;

/**
 * A projection bean someone forgot to annotate.
 */
public class UnannotatedProjection implements Projection {

	@Override
	public void handle(EventEnvelope envelope) {
	}

}
