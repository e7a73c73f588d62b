package io.ego.connector.nats.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the NATS JetStream publishers ({@code ego.publishers.nats.*}): with
 * {@code enabled}, the event publisher ({@code events.*}, on by default) and the
 * durable-state publisher ({@code states.*}, off by default); the connection
 * ({@code url}, optional credentials); and what applies to both (entity types,
 * parallelism, retries, send timeout, stream creation).
 *
 * @author eGo team
 * @since 0.2.0
 */
@ConfigurationProperties("ego.publishers.nats")
public class EgoNatsProperties {

	/**
	 * Whether to publish to NATS JetStream: the journal's events (events.enabled) and the
	 * durable states (states.enabled).
	 */
	private boolean enabled;

	/**
	 * NATS server URL(s), comma-separated. Not used when the application defines its own
	 * io.nats.client.Connection bean.
	 */
	private String url = "nats://127.0.0.1:4222";

	/**
	 * User name to connect with. No user/password authentication when not set.
	 */
	private @Nullable String username;

	/**
	 * Password to connect with (with username).
	 */
	private @Nullable String password;

	/**
	 * Token to connect with.
	 */
	private @Nullable String token;

	/**
	 * Path of a credentials file (user JWT and NKey seed) to connect with.
	 */
	private @Nullable String credentials;

	/**
	 * Name of the connection, as the server reports it.
	 */
	private String connectionName = "ego-publisher";

	/**
	 * How long to wait for a connection to the server to be established.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(2);

	/**
	 * Delay between reconnection attempts (the connection is retried for ever).
	 */
	private Duration reconnectWait = Duration.ofMillis(250);

	/**
	 * Publishing of the journal's events.
	 */
	private final Events events = new Events();

	/**
	 * Publishing of durable-state entities' states (from the durable-state change feed)
	 * to their own stream.
	 */
	private final States states = new States();

	/**
	 * Entity types whose events and states are published. All types when empty.
	 */
	private Set<String> entityTypes = new LinkedHashSet<>();

	/**
	 * Number of workers of each publisher, each reading its own range of slices (1 to
	 * 1024).
	 */
	private int parallelism = 1;

	/**
	 * Attempts after the first for a message NATS refuses for good (e.g. too large),
	 * before it is dead-lettered. Outages and timeouts are retried until they pass.
	 */
	private int retries = 3;

	/**
	 * Delay before the first retry of a failed publish, doubled for each further retry up
	 * to 30 seconds.
	 */
	private Duration retryDelay = Duration.ofSeconds(1);

	/**
	 * How long to wait for JetStream to acknowledge a batch of messages before publishing
	 * it again.
	 */
	private Duration sendTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to create the streams when they do not exist. When false, a missing stream
	 * stalls publishing with an error naming it.
	 */
	private boolean createStream = true;

	/**
	 * Duplicate window of the created streams: a message published again within it, with
	 * the same Nats-Msg-Id, is dropped.
	 */
	private Duration duplicateWindow = Duration.ofMinutes(2);

	/**
	 * Storage of the created streams.
	 */
	private StorageType storage = StorageType.File;

	/**
	 * Replicas of the created streams.
	 */
	private int replicas = 1;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getUrl() {
		return this.url;
	}

	public void setUrl(String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable String getCredentials() {
		return this.credentials;
	}

	public void setCredentials(@Nullable String credentials) {
		this.credentials = credentials;
	}

	public String getConnectionName() {
		return this.connectionName;
	}

	public void setConnectionName(String connectionName) {
		this.connectionName = connectionName;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public Duration getReconnectWait() {
		return this.reconnectWait;
	}

	public void setReconnectWait(Duration reconnectWait) {
		this.reconnectWait = reconnectWait;
	}

	public Events getEvents() {
		return this.events;
	}

	public States getStates() {
		return this.states;
	}

	public Set<String> getEntityTypes() {
		return this.entityTypes;
	}

	public void setEntityTypes(Set<String> entityTypes) {
		this.entityTypes = entityTypes;
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(int parallelism) {
		this.parallelism = parallelism;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		this.retries = retries;
	}

	public Duration getRetryDelay() {
		return this.retryDelay;
	}

	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public boolean isCreateStream() {
		return this.createStream;
	}

	public void setCreateStream(boolean createStream) {
		this.createStream = createStream;
	}

	public Duration getDuplicateWindow() {
		return this.duplicateWindow;
	}

	public void setDuplicateWindow(Duration duplicateWindow) {
		this.duplicateWindow = duplicateWindow;
	}

	public StorageType getStorage() {
		return this.storage;
	}

	public void setStorage(StorageType storage) {
		this.storage = storage;
	}

	public int getReplicas() {
		return this.replicas;
	}

	public void setReplicas(int replicas) {
		this.replicas = replicas;
	}

	/**
	 * Publishing of the journal's events ({@code ego.publishers.nats.events.*}).
	 */
	public static class Events {

		/**
		 * Whether to publish the journal's events (with
		 * ego.publishers.nats.enabled=true).
		 */
		private boolean enabled = true;

		/**
		 * Name of the event publisher: the key of its offsets and its name among the
		 * engine's projections.
		 */
		private String name = "nats";

		/**
		 * JetStream stream the events are published to.
		 */
		private String stream = "EGO_EVENTS";

		/**
		 * Subject template of the events: {entityType} stands for the entity type.
		 */
		private String subject = "ego.events.{entityType}";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public String getSubject() {
			return this.subject;
		}

		public void setSubject(String subject) {
			this.subject = subject;
		}

	}

	/**
	 * Publishing of durable states ({@code ego.publishers.nats.states.*}).
	 */
	public static class States {

		/**
		 * Whether to publish the latest states of durable-state entities (with
		 * ego.publishers.nats.enabled=true).
		 */
		private boolean enabled;

		/**
		 * Name of the state publisher: the key of its offsets and its name among the
		 * engine's projections.
		 */
		private String name = "nats-states";

		/**
		 * JetStream stream the states are published to.
		 */
		private String stream = "EGO_STATES";

		/**
		 * Subject template of the states: {entityType} stands for the entity type.
		 */
		private String subject = "ego.states.{entityType}";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getStream() {
			return this.stream;
		}

		public void setStream(String stream) {
			this.stream = stream;
		}

		public String getSubject() {
			return this.subject;
		}

		public void setSubject(String subject) {
			this.subject = subject;
		}

	}

}
