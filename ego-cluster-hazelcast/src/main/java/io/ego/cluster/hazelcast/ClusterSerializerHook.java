package io.ego.cluster.hazelcast;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Registers the cluster's messages with every Hazelcast member on the classpath (found by
 * Hazelcast through {@code META-INF/services/com.hazelcast.DataSerializerHook}, also for
 * a member the application configures itself), so that each travels as a factory id and a
 * class id instead of its class name, and is created without reflection.
 *
 * @author eGo team
 * @since 0.3.0
 */
public final class ClusterSerializerHook implements DataSerializerHook {

	/** The factory id of the cluster's messages ("eGo" in ASCII, then 0). */
	static final int FACTORY_ID = 0x65476F00;

	static final int COMMAND_OPERATION = 1;

	static final int REPLY_MESSAGE = 2;

	static final int STATUS_TASK = 3;

	static final int MEMBER_STATUS = 4;

	@Override
	public int getFactoryId() {
		return FACTORY_ID;
	}

	@Override
	public DataSerializableFactory createFactory() {
		return ClusterSerializerHook::create;
	}

	private static IdentifiedDataSerializable create(int classId) {
		return switch (classId) {
			case COMMAND_OPERATION -> new CommandOperation();
			case REPLY_MESSAGE -> new ReplyMessage();
			case STATUS_TASK -> new StatusTask();
			case MEMBER_STATUS -> new MemberStatus();
			default -> throw new IllegalArgumentException("no eGo cluster message has class id " + classId
					+ " (a member of another eGo version in the cluster?)");
		};
	}

}
