package io.ego.connector.websocket;

import java.util.ArrayList;
import java.util.List;

import io.ego.connector.v1.PublishedEvent;
import io.ego.connector.websocket.client.EgoEventStreamClient;

/**
 * What a test client received, in order: the listener of one or more connections.
 */
final class Received implements EgoEventStreamClient.Listener {

	private final List<PublishedEvent> events = new ArrayList<>();

	@Override
	public synchronized void onEvent(PublishedEvent event) {
		this.events.add(event);
	}

	synchronized int size() {
		return this.events.size();
	}

	synchronized List<PublishedEvent> events() {
		return List.copyOf(this.events);
	}

	/**
	 * @return "position/part" of each event, in order received
	 */
	synchronized List<String> keys() {
		return this.events.stream().map(Received::key).toList();
	}

	static String key(PublishedEvent event) {
		return event.getPosition() + "/" + event.getPart();
	}

}
