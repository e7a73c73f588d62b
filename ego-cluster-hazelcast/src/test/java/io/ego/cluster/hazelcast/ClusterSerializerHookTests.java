package io.ego.cluster.hazelcast;

import java.nio.charset.StandardCharsets;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.ego.core.cluster.ForwardedReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The cluster's messages travel as identified data (a factory and a class id, no class
 * name), registered by the hook Hazelcast finds on the classpath, also for a member the
 * application configures itself.
 */
class ClusterSerializerHookTests {

	@Test
	void theFactoryCreatesEveryMessageByItsClassId() {
		DataSerializableFactory factory = new ClusterSerializerHook().createFactory();
		for (IdentifiedDataSerializable message : new IdentifiedDataSerializable[] { new CommandOperation(),
				new ReplyMessage(), new StatusTask(), new MemberStatus() }) {
			assertThat(message.getFactoryId()).isEqualTo(ClusterSerializerHook.FACTORY_ID);
			assertThat(factory.create(message.getClassId())).isExactlyInstanceOf(message.getClass());
		}
		assertThatIllegalArgumentException().isThrownBy(() -> factory.create(99)).withMessageContaining("class id 99");
	}

	@Test
	void aMemberConfiguredByTheApplicationReadsTheMessagesWithoutItsClassName() {
		Config config = new Config();
		config.setClusterName("ego-hook-" + System.nanoTime());
		config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
		config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
		try {
			ReplyMessage reply = new ReplyMessage(ForwardedReply.of(ForwardedReply.Outcome.REJECTED, "no funds"));
			SerializationService serialization = ((SerializationServiceSupport) member).getSerializationService();
			byte[] bytes = serialization.toData(reply).toByteArray();
			assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(ReplyMessage.class.getName());
			ReplyMessage read = serialization.toObject(serialization.toData(reply));
			assertThat(read.reply().outcome()).isEqualTo(ForwardedReply.Outcome.REJECTED);
			assertThat(read.reply().message()).isEqualTo("no funds");
		}
		finally {
			member.shutdown();
		}
	}

}
