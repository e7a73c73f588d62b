package io.ego.cluster.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.ego.core.cluster.ForwardedReply;
import org.jspecify.annotations.Nullable;

/**
 * A forwarded command's reply as it travels back to the caller, written field by field
 * (no Java serialization).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class ReplyMessage implements IdentifiedDataSerializable {

	private static final ForwardedReply.Outcome[] OUTCOMES = ForwardedReply.Outcome.values();

	private @Nullable ForwardedReply reply;

	/** For Hazelcast's deserialization. */
	public ReplyMessage() {
	}

	ReplyMessage(ForwardedReply reply) {
		this.reply = reply;
	}

	ForwardedReply reply() {
		ForwardedReply value = this.reply;
		return (value != null) ? value : ForwardedReply.of(ForwardedReply.Outcome.OTHER, "empty reply");
	}

	@Override
	public int getFactoryId() {
		return ClusterSerializerHook.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ClusterSerializerHook.REPLY_MESSAGE;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		ForwardedReply value = reply();
		out.writeByte(value.outcome().ordinal());
		out.writeByteArray(value.state());
		out.writeLong(value.revision());
		out.writeString(value.message());
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		ForwardedReply.Outcome outcome = OUTCOMES[in.readByte()];
		byte[] state = in.readByteArray();
		long revision = in.readLong();
		String message = in.readString();
		this.reply = new ForwardedReply(outcome, (state != null) ? state : new byte[0], revision,
				(message != null) ? message : "");
	}

}
