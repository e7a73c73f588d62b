package io.ego.cluster.hazelcast;

import java.io.IOException;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.operationservice.CallStatus;
import com.hazelcast.spi.impl.operationservice.Offload;
import com.hazelcast.spi.impl.operationservice.Operation;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import org.jspecify.annotations.Nullable;

/**
 * A forwarded command as it travels to its entity's owner: the command's protobuf bytes,
 * type names, id and the time left, written field by field (no Java serialization). It is
 * a Hazelcast operation, run by the owner's generic operation thread, which hands it to
 * the engine without blocking ({@link LocalCommands#execute}): an idle entity on
 * in-memory stores runs there and then, with no hand-off to an executor's thread; else
 * the engine answers from its own threads. Hazelcast keeps the operation's heartbeats
 * going until it is answered, as for its own offloaded operations.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class CommandOperation extends Operation implements IdentifiedDataSerializable {

	private static final ForwardedCommand.Kind[] KINDS = ForwardedCommand.Kind.values();

	private @Nullable ForwardedCommand command;

	/** For Hazelcast's deserialization. */
	public CommandOperation() {
	}

	CommandOperation(ForwardedCommand command) {
		this.command = command;
	}

	@Override
	public CallStatus call() {
		return new Answer(this);
	}

	private void answer() {
		ForwardedCommand forwarded = this.command;
		if (forwarded == null) {
			sendResponse(new ReplyMessage(ForwardedReply.of(ForwardedReply.Outcome.OTHER, "empty command")));
			return;
		}
		if (!(getNodeEngine().getHazelcastInstance()
			.getUserContext()
			.get(HazelcastCommandRouter.USER_CONTEXT_KEY) instanceof LocalCommands local)) {
			sendResponse(new ReplyMessage(ForwardedReply.of(ForwardedReply.Outcome.ENGINE_STOPPED,
					"no eGo engine runs on member " + getNodeEngine().getThisAddress() + " (yet)")));
			return;
		}
		local.execute(forwarded)
			.whenComplete((reply, failure) -> sendResponse(new ReplyMessage((reply != null) ? reply
					: ForwardedReply.of(ForwardedReply.Outcome.OTHER, "no reply: " + failure))));
	}

	@Override
	public int getFactoryId() {
		return ClusterSerializerHook.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ClusterSerializerHook.COMMAND_OPERATION;
	}

	@Override
	protected void writeInternal(ObjectDataOutput out) throws IOException {
		ForwardedCommand forwarded = this.command;
		if (forwarded == null) {
			throw new IOException("an empty command operation is never sent");
		}
		out.writeByte(forwarded.kind().ordinal());
		out.writeString(forwarded.entityType());
		out.writeString(forwarded.entityId());
		out.writeString(forwarded.commandType());
		out.writeString(forwarded.commandClass());
		out.writeByteArray(forwarded.command());
		out.writeString(forwarded.commandId());
		out.writeLong(forwarded.timeoutNanos());
	}

	@Override
	protected void readInternal(ObjectDataInput in) throws IOException {
		ForwardedCommand.Kind kind = KINDS[in.readByte()];
		String entityType = required(in.readString());
		String entityId = required(in.readString());
		String commandType = required(in.readString());
		String commandClass = required(in.readString());
		byte[] bytes = in.readByteArray();
		String commandId = in.readString();
		long timeout = in.readLong();
		this.command = new ForwardedCommand(kind, entityType, entityId, commandType, commandClass,
				(bytes != null) ? bytes : new byte[0], commandId, timeout);
	}

	private static String required(@Nullable String value) throws IOException {
		if (value == null) {
			throw new IOException("a forwarded command's names are never null");
		}
		return value;
	}

	/**
	 * The operation's answer, sent when the engine replies: at once when the command ran
	 * on this thread.
	 */
	private static final class Answer extends Offload {

		private final CommandOperation operation;

		Answer(CommandOperation operation) {
			super(operation);
			this.operation = operation;
		}

		@Override
		public void start() {
			this.operation.answer();
		}

	}

}
