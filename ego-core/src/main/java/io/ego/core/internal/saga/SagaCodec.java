package io.ego.core.internal.saga;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.ego.core.CommandOptions;
import io.ego.core.internal.codec.MessageTypes;
import io.ego.core.v1.SagaPayload;
import org.jspecify.annotations.Nullable;

/**
 * Packs the user messages a saga keeps (state, commands, results) with their protobuf
 * full name, reads them back through the saga's known types, and derives the ids a saga
 * sends with.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaCodec {

	/** The entity type of a saga's instances is this prefix and the saga's name. */
	static final String TYPE_PREFIX = "saga.";

	/** The name of an instance's step watch timer. */
	static final String STEP_WATCH = "step-watch";

	private final MessageTypes types;

	SagaCodec(MessageTypes types) {
		this.types = types;
	}

	MessageTypes types() {
		return this.types;
	}

	static SagaPayload pack(Message message) {
		return SagaPayload.newBuilder()
			.setType(message.getDescriptorForType().getFullName())
			.setData(message.toByteString())
			.build();
	}

	/**
	 * @param payload a packed message, or the empty payload
	 * @param what what is read, for the error message
	 * @return the message, {@code null} for the empty payload
	 */
	@Nullable Message unpack(SagaPayload payload, String what) {
		if (payload.getType().isEmpty()) {
			return null;
		}
		return this.types.parse(payload.getType(), payload.getData().toByteArray(), what);
	}

	static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	/**
	 * The command id of a step: the same for every attempt, unique per instance and step.
	 */
	static String commandId(String sagaName, String sagaId, long seq) {
		String id = "saga:" + sagaName + ":" + sagaId + ":" + seq;
		if (id.length() <= CommandOptions.MAX_ID_LENGTH) {
			return id;
		}
		return "saga:" + sagaName + ":" + sha256(sagaId) + ":" + seq;
	}

	static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	static String stepTimer(long seq) {
		return "step-" + seq;
	}

}
