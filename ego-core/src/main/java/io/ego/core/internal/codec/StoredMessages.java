package io.ego.core.internal.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Message;
import io.ego.core.UnknownMessageTypeException;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.adapter.StoredEvent;
import io.ego.core.v1.EntityErased;
import org.jspecify.annotations.Nullable;

/**
 * How the engine reads what it stored: adapters for old events, and the frame recording a
 * snapshot state's schema revision.
 *
 * <h2>Snapshot state frame</h2> A snapshot of a state type at revision 1 is the
 * serialized state, as before revisions existed. At a higher revision the (plaintext)
 * payload is {@code 0x00 || 0x01 || revision (varint) || serialized state}. A serialized
 * protobuf message never starts with {@code 0x00} (that would be field number 0, which
 * protobuf rejects), so the frame is recognised without a flag, and snapshots written
 * before it read as revision 1. When snapshots are encrypted the frame is inside the
 * ciphertext, so the revision is authenticated with the state. The {@code SnapshotRecord}
 * shape and its {@code stateType} (the plain protobuf full name) stay as they are.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class StoredMessages {

	/**
	 * The protobuf full name of the erasure tombstone the engine appends to an erased
	 * entity's history.
	 */
	public static final String ENTITY_ERASED = EntityErased.getDescriptor().getFullName();

	private static final byte FRAME_VERSION = 1;

	/**
	 * A frame that also carries the entity's written command ids (see
	 * {@link CommandIds}).
	 */
	private static final byte FRAME_VERSION_IDS = 2;

	private StoredMessages() {
	}

	/**
	 * Adapts a stored event when an adapter reads its type and revision.
	 * @return the current events, or {@code null} when the event is read as it is
	 */
	public static @Nullable List<? extends Message> adapt(SchemaEvolution schema, String persistenceId, long sequenceNr,
			String eventType, byte[] plaintext, Map<String, String> metadata) {
		if (!schema.hasAdapters()) {
			return null;
		}
		int revision = SchemaEvolution.recordedRevision(metadata);
		if (schema.adapterFor(eventType, revision) == null) {
			return null;
		}
		return schema.adapt(new StoredEvent(persistenceId, sequenceNr, eventType, revision, plaintext, metadata));
	}

	/** Frames a serialized state with its revision (revision 1: the state as it is). */
	public static byte[] frame(int revision, byte[] state) {
		if (revision == 1) {
			return state;
		}
		int varint = varintSize(revision);
		byte[] framed = new byte[2 + varint + state.length];
		framed[0] = 0;
		framed[1] = FRAME_VERSION;
		int i = 2;
		int value = revision;
		while ((value & ~0x7F) != 0) {
			framed[i++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		framed[i++] = (byte) value;
		System.arraycopy(state, 0, framed, i, state.length);
		return framed;
	}

	private static int varintSize(int value) {
		int size = 1;
		while ((value & ~0x7F) != 0) {
			value >>>= 7;
			size++;
		}
		return size;
	}

	/**
	 * Frames a serialized state with its revision and the entity's written command ids (a
	 * snapshot's or a durable state's); without ids, as {@link #frame(int, byte[])}.
	 * @param revision the state's schema revision
	 * @param commandIds the written command ids, oldest first
	 * @param state the serialized state
	 * @return the payload
	 */
	public static byte[] frame(int revision, List<CommandIds.Written> commandIds, byte[] state) {
		if (commandIds.isEmpty()) {
			return frame(revision, state);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(state.length + 16 + commandIds.size() * 32);
		out.write(0);
		out.write(FRAME_VERSION_IDS);
		writeVarint(out, revision);
		writeVarint(out, commandIds.size());
		for (CommandIds.Written id : commandIds) {
			byte[] bytes = id.commandId().getBytes(StandardCharsets.UTF_8);
			writeVarint(out, bytes.length);
			out.write(bytes, 0, bytes.length);
			writeVarint(out, id.sequenceNr());
			writeVarint(out, id.atMillis());
		}
		out.write(state, 0, state.length);
		return out.toByteArray();
	}

	private static void writeVarint(ByteArrayOutputStream out, long value) {
		long rest = value;
		while ((rest & ~0x7FL) != 0) {
			out.write((int) ((rest & 0x7F) | 0x80));
			rest >>>= 7;
		}
		out.write((int) rest);
	}

	/**
	 * Reads a snapshot or durable-state payload's frame.
	 * @param payload the plaintext payload
	 * @param what what is read, for errors
	 * @return the state revision, the command ids it carries and where the serialized
	 * state starts
	 */
	public static Framed unframe(byte[] payload, String what) {
		if (payload.length == 0 || payload[0] != 0) {
			return new Framed(1, 0, List.of());
		}
		if (payload.length < 3 || (payload[1] != FRAME_VERSION && payload[1] != FRAME_VERSION_IDS)) {
			throw new UnknownMessageTypeException("cannot read " + what + ": unknown snapshot frame "
					+ ((payload.length > 1) ? payload[1] : "(truncated)"));
		}
		Reader reader = new Reader(payload, 2, what);
		int revision = (int) reader.varint();
		if (payload[1] == FRAME_VERSION) {
			return new Framed(revision, reader.at, List.of());
		}
		int count = (int) reader.varint();
		List<CommandIds.Written> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			int length = (int) reader.varint();
			String id = reader.string(length);
			ids.add(new CommandIds.Written(id, reader.varint(), reader.varint()));
		}
		return new Framed(revision, reader.at, List.copyOf(ids));
	}

	/** Reads varints and strings of a frame, failing clearly on a truncated one. */
	private static final class Reader {

		private final byte[] payload;

		private final String what;

		private int at;

		Reader(byte[] payload, int at, String what) {
			this.payload = payload;
			this.at = at;
			this.what = what;
		}

		long varint() {
			long value = 0;
			int shift = 0;
			for (;;) {
				if (this.at >= this.payload.length || shift > 63) {
					throw new UnknownMessageTypeException("cannot read " + this.what + ": truncated snapshot frame");
				}
				byte b = this.payload[this.at++];
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
				shift += 7;
			}
		}

		String string(int length) {
			if (length < 0 || this.at + length > this.payload.length) {
				throw new UnknownMessageTypeException("cannot read " + this.what + ": truncated snapshot frame");
			}
			String value = new String(this.payload, this.at, length, StandardCharsets.UTF_8);
			this.at += length;
			return value;
		}

	}

	/**
	 * A snapshot payload's frame.
	 *
	 * @param revision the state's schema revision
	 * @param offset where the serialized state starts
	 * @param commandIds the written command ids it carries, oldest first
	 */
	public record Framed(int revision, int offset, List<CommandIds.Written> commandIds) {
	}

}
