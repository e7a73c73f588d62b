package io.ego.connector.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

/**
 * The stream a publisher writes to: created with the publisher's subject filter when
 * allowed and missing, otherwise checked to exist and to capture that filter.
 *
 * @param name the stream name
 * @param create whether to create the stream when it does not exist
 * @param duplicateWindow the duplicate window of a created stream
 * @param storage the storage of a created stream
 * @param replicas the replicas of a created stream
 * @author eGo team
 * @since 0.2.0
 */
record NatsStream(String name, boolean create, Duration duplicateWindow, StorageType storage, int replicas) {

	/** JetStream's error code for "stream not found". */
	static final int STREAM_NOT_FOUND = 10059;

	static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(2);

	NatsStream {
		checkName(name);
		if (duplicateWindow.isNegative() || duplicateWindow.isZero()) {
			throw new IllegalArgumentException("duplicate window must be positive but was " + duplicateWindow);
		}
		if (replicas < 1) {
			throw new IllegalArgumentException("replicas must be at least 1 but was " + replicas);
		}
	}

	static NatsStream defaults(String name) {
		return new NatsStream(name, true, DEFAULT_DUPLICATE_WINDOW, StorageType.File, 1);
	}

	static void checkName(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("stream name must not be empty");
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '.' || c == '*' || c == '>' || c == '/'
					|| c == '\\') {
				throw new IllegalArgumentException("stream name '" + name + "' holds '" + c + "'");
			}
		}
	}

	NatsStream withCreate(boolean create) {
		return new NatsStream(this.name, create, this.duplicateWindow, this.storage, this.replicas);
	}

	NatsStream withDuplicateWindow(Duration window) {
		return new NatsStream(this.name, this.create, window, this.storage, this.replicas);
	}

	NatsStream withStorage(StorageType storage) {
		return new NatsStream(this.name, this.create, this.duplicateWindow, storage, this.replicas);
	}

	NatsStream withReplicas(int replicas) {
		return new NatsStream(this.name, this.create, this.duplicateWindow, this.storage, replicas);
	}

	/**
	 * Creates the stream when allowed and missing, else checks it.
	 * @param connection the connection
	 * @param filter the subject filter the publisher writes to
	 * @throws NatsStreamException when the stream is missing and not to be created, or
	 * does not capture the filter
	 * @throws IOException when JetStream does not answer
	 * @throws JetStreamApiException when JetStream refuses the request
	 */
	void prepare(Connection connection, String filter) throws IOException, JetStreamApiException {
		JetStreamManagement management = connection.jetStreamManagement();
		StreamInfo info;
		try {
			info = management.getStreamInfo(this.name);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() != STREAM_NOT_FOUND) {
				throw ex;
			}
			if (!this.create) {
				throw new NatsStreamException(this.name, "JetStream stream '" + this.name
						+ "' does not exist (and creating it is off): create it with subjects '" + filter + "'");
			}
			try {
				management.addStream(StreamConfiguration.builder()
					.name(this.name)
					.subjects(filter)
					.duplicateWindow(this.duplicateWindow)
					.storageType(this.storage)
					.replicas(this.replicas)
					.build());
				return;
			}
			catch (JetStreamApiException raced) {
				// created by another publisher meanwhile: check it below
				info = management.getStreamInfo(this.name);
			}
		}
		List<String> subjects = info.getConfiguration().getSubjects();
		if (subjects.stream().noneMatch((subject) -> Subjects.covers(subject, filter))) {
			throw new NatsStreamException(this.name, "JetStream stream '" + this.name + "' has subjects " + subjects
					+ ", none of which captures '" + filter + "'");
		}
	}

}
