package io.ego.core.internal.saga;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ego.core.v1.SagaStepRecord;
import org.jspecify.annotations.Nullable;

/**
 * The step attempts this engine sends as soon as the write that recorded them is
 * acknowledged, instead of waiting until the dispatcher reads that write back from the
 * journal.
 * <p>
 * The instance entity announces every attempt it records (with the trace context its
 * event carries); the acknowledged reply of the write that recorded it claims and sends
 * it (a reply is accepted only once the write is durable, so a step is still sent only
 * after its dispatch is in the journal); the dispatcher, reading the event later, skips
 * an attempt sent so and sends every other one, as before. Each announced attempt is
 * therefore sent once by this engine, either way. Nothing depends on this memory for
 * correctness: it is bounded, and an attempt it no longer holds (or never held: a crash,
 * another engine's dispatcher) is sent by the dispatcher, again if need be; the target
 * deduplicates a re-send by its command id.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaSends {

	/** The attempts remembered at most; the oldest are forgotten first. */
	static final int CAPACITY = 16_384;

	private final Map<String, Announced> announced = new LinkedHashMap<>() {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Announced> eldest) {
			return size() > CAPACITY;
		}

	};

	/**
	 * Notes an attempt an instance records (before the write).
	 * @param step the attempt
	 * @param metadata the metadata its event carries (its trace context)
	 */
	synchronized void announce(SagaStepRecord step, Map<String, String> metadata) {
		this.announced.put(key(step), new Announced(metadata));
	}

	/**
	 * Claims an attempt for the reply of the write that recorded it.
	 * @param step a step waiting for its outcome in the state of an acknowledged write
	 * @return the metadata to send it with, or {@code null} when it is not to be sent
	 * here (not announced, already sent, or left to the dispatcher)
	 */
	synchronized @Nullable Map<String, String> claim(SagaStepRecord step) {
		Announced held = this.announced.get(key(step));
		if (held == null || held.sent) {
			return null;
		}
		held.sent = true;
		return held.metadata;
	}

	/**
	 * Tells the dispatcher whether an attempt it read was sent on its write's reply, and
	 * forgets it: the dispatcher sends it when not.
	 * @param step the attempt the dispatcher read
	 * @return whether it was sent already
	 */
	synchronized boolean sentOnReply(SagaStepRecord step) {
		Announced held = this.announced.remove(key(step));
		return held != null && held.sent;
	}

	/** How many attempts are remembered, for tests. */
	synchronized int size() {
		return this.announced.size();
	}

	/** An attempt: its step (by command id), attempt number and send time. */
	private static String key(SagaStepRecord step) {
		return step.getCommandId() + '#' + step.getAttempt() + '#' + step.getSentAt().getSeconds() + '.'
				+ step.getSentAt().getNanos();
	}

	/** An announced attempt, and whether a reply sent it. */
	private static final class Announced {

		private final Map<String, String> metadata;

		private boolean sent;

		Announced(Map<String, String> metadata) {
			this.metadata = metadata;
		}

	}

}
