package io.ego.cluster.hazelcast;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import org.jspecify.annotations.Nullable;

/**
 * A forwarded command as it travels to its entity's owner, run there by Hazelcast's
 * executor: the command's protobuf bytes, type names, id and the time left, written field
 * by field (no Java serialization).
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class CommandTask implements Callable<ReplyMessage>, IdentifiedDataSerializable, HazelcastInstanceAware {

	private static final ForwardedCommand.Kind[] KINDS = ForwardedCommand.Kind.values();

	private @Nullable ForwardedCommand command;

	private transient @Nullable HazelcastInstance instance;

	/** For Hazelcast's deserialization. */
	public CommandTask() {
	}

	CommandTask(ForwardedCommand command) {
		this.command = command;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	public ReplyMessage call() {
		ForwardedCommand forwarded = this.command;
		HazelcastInstance member = this.instance;
		if (forwarded == null || member == null) {
			return new ReplyMessage(ForwardedReply.of(ForwardedReply.Outcome.OTHER, "empty command task"));
		}
		if (!(member.getUserContext().get(HazelcastCommandRouter.USER_CONTEXT_KEY) instanceof LocalCommands local)) {
			return new ReplyMessage(ForwardedReply.of(ForwardedReply.Outcome.ENGINE_STOPPED,
					"no eGo engine runs on member " + member.getCluster().getLocalMember() + " (yet)"));
		}
		// runs here, on the executor's thread, which waits for it: the local ask answers
		// within the entity type's ask timeout
		return new ReplyMessage(local.executeAndWait(forwarded));
	}

	@Override
	public int getFactoryId() {
		return ClusterSerializerHook.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return ClusterSerializerHook.COMMAND_TASK;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		ForwardedCommand forwarded = this.command;
		if (forwarded == null) {
			throw new IOException("an empty command task is never sent");
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
	public void readData(ObjectDataInput in) throws IOException {
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

}
