package io.ego.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ego.core.store.PersistedEvent;

/**
 * Events for the JDBC-specific tests.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class TestEvents {

	static final String ENTITY_TYPE = "account";

	private TestEvents() {
	}

	static PersistedEvent event(String persistenceId, long sequenceNr) {
		return new PersistedEvent(persistenceId, ENTITY_TYPE, sequenceNr, 0, PersistedEvent.sliceOf(persistenceId),
				"ego.test.Deposited", (persistenceId + "#" + sequenceNr).getBytes(StandardCharsets.UTF_8),
				Instant.now().truncatedTo(ChronoUnit.MICROS), Map.of("trace", "t-" + sequenceNr), null);
	}

	static List<PersistedEvent> events(String persistenceId, long fromSequenceNr, int count) {
		List<PersistedEvent> events = new ArrayList<>(count);
		for (long seq = fromSequenceNr; seq < fromSequenceNr + count; seq++) {
			events.add(event(persistenceId, seq));
		}
		return events;
	}

	static String key(PersistedEvent event) {
		return event.persistenceId() + "#" + event.sequenceNr();
	}

	static List<String> keys(List<PersistedEvent> events) {
		return events.stream().map(TestEvents::key).toList();
	}

}
