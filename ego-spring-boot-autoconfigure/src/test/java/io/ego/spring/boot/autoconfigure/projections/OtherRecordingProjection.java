package io.ego.spring.boot.autoconfigure.projections;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

/**
 * A second projection claiming the name {@code recorder}.
 */
@ProjectionHandler("recorder")
public class OtherRecordingProjection implements Projection {

	@Override
	public void handle(EventEnvelope envelope) {
	}

}
