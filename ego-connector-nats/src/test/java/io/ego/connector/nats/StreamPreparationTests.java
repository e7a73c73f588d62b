package io.ego.connector.nats;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.store.PersistedEvent;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stream is created when allowed (with the subject filter and duplicate window), else
 * checked: a missing stream, or one that does not capture the subjects, fails publishing
 * with a {@link NatsStreamException} naming it, which is not poison. A message published
 * twice is stored once.
 */
@ExtendWith(NatsServerExtension.class)
class StreamPreparationTests {

	private static final EventEnvelope EVENT = new EventEnvelope("account|a1", "account", "a1", 1, 1,
			PersistedEvent.sliceOf("account|a1"), AccountBehavior.open("a1", 0), Instant.now(), Map.of());

	@Test
	void aMissingStreamIsCreatedWithTheSubjectFilterAndDuplicateWindow(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("CREATED");
		try (Connection connection = server.connect();
				NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
					.stream(stream)
					.subject("created." + stream + ".{entityType}")
					.duplicateWindow(Duration.ofMinutes(5))
					.storage(StorageType.Memory)
					.build()) {
			publisher.publish(List.of(EVENT));
			publisher.publish(List.of(EVENT));

			StreamInfo info = connection.jetStreamManagement().getStreamInfo(stream);
			assertThat(info.getConfiguration().getSubjects()).containsExactly("created." + stream + ".*");
			assertThat(info.getConfiguration().getDuplicateWindow()).isEqualTo(Duration.ofMinutes(5));
			assertThat(info.getConfiguration().getStorageType()).isEqualTo(StorageType.Memory);
			assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
			assertThat(publisher.duplicatesDropped()).isEqualTo(1);
			assertThat(publisher.subject("account")).isEqualTo("created." + stream + ".account");
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

	@Test
	void aStreamDeletedWhilePublishingIsCreatedAgainByTheNextAttempt(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("DELETED");
		EventEnvelope second = new EventEnvelope("account|a1", "account", "a1", 2, 2,
				PersistedEvent.sliceOf("account|a1"), AccountBehavior.credit("a1", 1), Instant.now(), Map.of());
		try (Connection connection = server.connect();
				NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
					.stream(stream)
					.subject("deleted." + stream + ".{entityType}")
					.sendTimeout(Duration.ofSeconds(5))
					.build()) {
			publisher.publish(List.of(EVENT));
			connection.jetStreamManagement().deleteStream(stream);

			assertThatExceptionOfType(IOException.class).isThrownBy(() -> publisher.publish(List.of(second)))
				.withMessageContaining("503")
				.satisfies((ex) -> assertThat(publisher.isPoison(ex)).isFalse());
			publisher.publish(List.of(second));
			assertThat(connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
				.isEqualTo(1);
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

	@Test
	void aMissingStreamNotToBeCreatedIsNamedAndNotPoison(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("MISSING");
		try (Connection connection = server.connect();
				NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
					.stream(stream)
					.subject("missing." + stream + ".{entityType}")
					.createStream(false)
					.build()) {
			assertThatExceptionOfType(NatsStreamException.class).isThrownBy(() -> publisher.publish(List.of(EVENT)))
				.withMessageContaining("'" + stream + "' does not exist")
				.satisfies((ex) -> {
					assertThat(ex.stream()).isEqualTo(stream);
					assertThat(publisher.isPoison(ex)).isFalse();
				});
			assertThat(connection.jetStreamManagement().getStreamNames()).doesNotContain(stream);
		}
	}

	@Test
	void aStreamThatDoesNotCaptureTheSubjectsIsNamed(NatsServer server) throws Exception {
		String stream = NatsServer.uniqueStream("OTHER");
		try (Connection connection = server.connect()) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name(stream)
					.subjects("other." + stream + ".>")
					.storageType(StorageType.Memory)
					.build());
			try (NatsStatePublisher publisher = NatsStatePublisher.builder(connection)
				.stream(stream)
				.subject("states." + stream + ".{entityType}")
				.build()) {
				assertThatExceptionOfType(NatsStreamException.class).isThrownBy(publisher::prepareStream)
					.withMessageContaining("'" + stream + "' has subjects [other." + stream + ".>]")
					.withMessageContaining("captures 'states." + stream + ".*'");
			}
			try (NatsEventPublisher publisher = NatsEventPublisher.builder(connection)
				.stream(stream)
				.subject("other." + stream + ".events.{entityType}")
				.createStream(false)
				.build()) {
				publisher.publish(List.of(EVENT));
				assertThat(connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
					.isEqualTo(1);
			}
			// closing a publisher leaves the caller's connection open
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		}
		finally {
			ConcurrentPublishingTests.delete(server, stream);
		}
	}

	@Test
	void badNamesAndTemplatesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> Subjects.of("ego.*.{entityType}"))
			.withMessageContaining("'ego.*.{entityType}'");
		assertThatIllegalArgumentException().isThrownBy(() -> Subjects.of("ego..{entityType}"))
			.withMessageContaining("empty token");
		assertThatIllegalArgumentException().isThrownBy(() -> NatsStream.checkName("EGO.EVENTS"))
			.withMessageContaining("'EGO.EVENTS'");
		assertThat(Subjects.of("ego.events.{entityType}").subject("my.type *")).isEqualTo("ego.events.my_type__");
		assertThat(Subjects.covers("ego.>", "ego.events.*")).isTrue();
		assertThat(Subjects.covers("ego.*.*", "ego.events.*")).isTrue();
		assertThat(Subjects.covers("ego.events.account", "ego.events.*")).isFalse();
		assertThat(Subjects.covers("ego.events", "ego.events.*")).isFalse();
	}

}
