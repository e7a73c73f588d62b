package io.ego.connector.websocket.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the WebSocket event stream ({@code ego.publishers.websocket.*}):
 * whether it is on, its path, the allowed origins, and each client's buffer and send
 * timeout (the defaults are those of
 * {@link io.ego.connector.websocket.EventStreamSettings#defaults()}, which a test
 * checks).
 *
 * @author eGo team
 * @since 0.2.0
 */
@ConfigurationProperties("ego.publishers.websocket")
public class EgoWebSocketProperties {

	/**
	 * Whether to stream the journal's events to WebSocket clients. Secure the path (see
	 * the module's README): the stream shows every event it is asked for.
	 */
	private boolean enabled;

	/**
	 * Path of the WebSocket endpoint.
	 */
	private String path = "/ego/events";

	/**
	 * Most events read from the journal for one client and not yet written to its
	 * connection. A client whose buffer stays full for send-timeout is closed with 1013.
	 */
	private int maxBufferedEvents = 1000;

	/**
	 * How long a client's full buffer may stay full (the client does not read) before the
	 * client is closed with 1013.
	 */
	private Duration sendTimeout = Duration.ofSeconds(10);

	/**
	 * Most stored events read from the journal at a time.
	 */
	private int pageSize = 500;

	/**
	 * How long a caught-up stream waits before it reads the journal again. Appends of
	 * this node wake it at once; those of other nodes are seen at this interval.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Origins allowed to open the stream from a browser (exact origins, or "*"). Same
	 * origin only when empty; clients that send no Origin header (non-browser clients)
	 * are not affected.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public int getMaxBufferedEvents() {
		return this.maxBufferedEvents;
	}

	public void setMaxBufferedEvents(int maxBufferedEvents) {
		this.maxBufferedEvents = maxBufferedEvents;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

}
