package io.ego.spring.boot.autoconfigure.projections;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

/**
 * Records the positions of the events it handles.
 */
@ProjectionHandler("recorder")
public class RecordingProjection implements Projection {

	public final List<Long> positions = new CopyOnWriteArrayList<>();

	@Override
	public void handle(EventEnvelope envelope) {
		this.positions.add(envelope.position());
	}

}
