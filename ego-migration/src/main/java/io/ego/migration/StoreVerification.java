package io.ego.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.ego.core.store.DurableStateChange;
import io.ego.core.store.DurableStateChanges;
import io.ego.core.store.DurableStateRecord;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Compares two deployments entity by entity: each entity's highest sequence number, the
 * count of its events and a SHA-256 digest over them (sequence number, type, payload,
 * write time, metadata, key id — not the position, which the target assigns), and each
 * durable state's revision and digest.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class StoreVerification {

	private static final int PAGE = 1_000;

	private StoreVerification() {
	}

	/**
	 * Compares a source with a target.
	 * @param source the deployment copied
	 * @param target the copy
	 * @return the entities compared and what differs
	 */
	public static VerificationReport compare(MigrationStores source, MigrationStores target) {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(target, "target");
		List<String> differences = new ArrayList<>();
		long entities = 0;
		long events = 0;
		String after = "";
		for (;;) {
			List<String> page = source.events().persistenceIds(after, PAGE);
			if (page.isEmpty()) {
				break;
			}
			for (String persistenceId : page) {
				Summary expected = summary(source.events(), persistenceId);
				Summary actual = summary(target.events(), persistenceId);
				if (!expected.equals(actual)) {
					differences.add(persistenceId + ": source " + expected + ", target " + actual);
				}
				entities++;
				events += expected.count();
			}
			after = page.get(page.size() - 1);
		}
		long states = compareStates(source, target, differences);
		return new VerificationReport(entities, events, states, differences);
	}

	private static long compareStates(MigrationStores source, MigrationStores target, List<String> differences) {
		if (!(source.durableStates() instanceof DurableStateChanges feed)) {
			return 0;
		}
		long states = 0;
		long after = 0;
		for (;;) {
			List<DurableStateChange> page = feed.changesAfter(after, 0, PersistedEvent.SLICE_COUNT - 1, PAGE);
			if (page.isEmpty()) {
				return states;
			}
			for (DurableStateChange change : page) {
				DurableStateRecord expected = change.state();
				DurableStateRecord actual = target.durableStates().get(expected.persistenceId());
				if (actual == null || !sameState(expected, actual)) {
					differences
						.add(expected.persistenceId() + ": state revision " + expected.revision() + " on the source, "
								+ ((actual != null) ? "revision " + actual.revision() + " (or content)" : "none")
								+ " on the target");
				}
				states++;
			}
			after = page.get(page.size() - 1).position();
		}
	}

	private static boolean sameState(DurableStateRecord a, DurableStateRecord b) {
		return a.revision() == b.revision() && a.stateType().equals(b.stateType())
				&& Arrays.equals(a.payload(), b.payload()) && Objects.equals(a.keyId(), b.keyId());
	}

	private static Summary summary(EventStore store, String persistenceId) {
		MessageDigest digest = sha256();
		long count = 0;
		long from = 1;
		for (;;) {
			List<PersistedEvent> page = store.replay(persistenceId, from, Long.MAX_VALUE, PAGE);
			for (PersistedEvent event : page) {
				update(digest, event);
				count++;
			}
			if (page.size() < PAGE) {
				break;
			}
			from = page.get(page.size() - 1).sequenceNr() + 1;
		}
		return new Summary(store.highestSequenceNr(persistenceId), count,
				HexFormat.of().formatHex(digest.digest(), 0, 8));
	}

	private static void update(MessageDigest digest, PersistedEvent event) {
		digest.update(ByteBuffer.allocate(Long.BYTES * 3)
			.putLong(event.sequenceNr())
			.putLong(event.writeTime().getEpochSecond())
			.putLong(event.writeTime().getNano())
			.array());
		text(digest, event.eventType());
		digest.update(event.payload());
		for (Map.Entry<String, String> entry : new TreeMap<>(event.metadata()).entrySet()) {
			text(digest, entry.getKey());
			text(digest, entry.getValue());
		}
		text(digest, event.keyId());
	}

	private static void text(MessageDigest digest, @Nullable String text) {
		byte[] bytes = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : new byte[] { -1 };
		digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
		digest.update(bytes);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	private record Summary(long highestSequenceNr, long count, String digest) {

		@Override
		public String toString() {
			return "highest #" + this.highestSequenceNr + ", " + this.count + " events, digest " + this.digest;
		}

	}

}
