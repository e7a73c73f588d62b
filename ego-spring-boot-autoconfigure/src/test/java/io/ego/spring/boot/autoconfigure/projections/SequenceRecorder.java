package io.ego.spring.boot.autoconfigure.projections;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ego.core.projection.EventEnvelope;
import io.ego.core.projection.Projection;
import io.ego.spring.annotation.ProjectionHandler;

/**
 * Records the sequence numbers it receives per entity, across application restarts
 * (static).
 */
@ProjectionHandler("sequences")
public class SequenceRecorder implements Projection {

	public static final Map<String, List<Long>> RECEIVED = new ConcurrentHashMap<>();

	@Override
	public void handle(EventEnvelope envelope) {
		RECEIVED.computeIfAbsent(envelope.persistenceId(), (id) -> new CopyOnWriteArrayList<>())
			.add(envelope.sequenceNr());
	}

}
