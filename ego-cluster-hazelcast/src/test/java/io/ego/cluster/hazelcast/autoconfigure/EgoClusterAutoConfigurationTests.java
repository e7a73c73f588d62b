package io.ego.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.ego.cluster.hazelcast.ClusterSettings;
import io.ego.cluster.hazelcast.ClusterSettings.Discovery;
import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link EgoClusterAutoConfiguration} and
 * {@link EgoClusterHealthContributorAutoConfiguration}, with the in-memory engine and
 * real Hazelcast members on 127.0.0.1 (a unique cluster name and a free port each).
 */
class EgoClusterAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoClusterAutoConfiguration.class, EgoClusterHealthContributorAutoConfiguration.class))
		.withBean(AccountEntity.class);

	@Test
	void nothingIsConfiguredUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(HazelcastInstance.class)
			.doesNotHaveBean(HazelcastCommandRouter.class)
			.doesNotHaveBean(EgoEngineBuilderCustomizer.class)
			.doesNotHaveBean(EgoClusterHealthIndicator.class)
			.doesNotHaveBean(EgoClusterProperties.class)
			.hasSingleBean(EgoEngine.class));
		this.contextRunner.withPropertyValues("ego.cluster.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HazelcastInstance.class));
	}

	@Test
	void nothingIsConfiguredWithoutHazelcast() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HazelcastInstance.class))
			.withPropertyValues("ego.cluster.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HazelcastCommandRouter.class)
				.doesNotHaveBean(EgoEngineBuilderCustomizer.class));
	}

	@Test
	void enabledStartsAMemberWhoseRouterTheEngineUsesAndShutsItDownOnClose() {
		String[] cluster = Members.oneMember();
		HazelcastInstance[] member = new HazelcastInstance[1];
		List<Boolean> engineRunningAtShutdown = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues(cluster).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(HazelcastInstance.class)
				.hasSingleBean(HazelcastCommandRouter.class)
				.hasSingleBean(EgoEngineBuilderCustomizer.class)
				.hasSingleBean(EgoClusterHealthIndicator.class)
				.hasBean("egoClusterHealthIndicator");
			HazelcastInstance hazelcast = context.getBean(HazelcastInstance.class);
			member[0] = hazelcast;
			HazelcastCommandRouter router = context.getBean(HazelcastCommandRouter.class);
			assertThat(router.hazelcast()).isSameAs(hazelcast);
			assertThat(hazelcast.getConfig().getClusterName()).isEqualTo(cluster[1].substring(17));
			assertThat(hazelcast.getConfig().getNetworkConfig().getPort())
				.isEqualTo(Integer.parseInt(cluster[2].substring(17)));
			assertThat(hazelcast.getCluster().getMembers()).hasSize(1);

			// the engine runs through the router: its entities are live on this
			// member
			EgoEngine engine = context.getBean(EgoEngine.class);
			hazelcast.getLifecycleService().addLifecycleListener((event) -> {
				if (event.getState() == LifecycleState.SHUTTING_DOWN) {
					engineRunningAtShutdown.add(engine.isRunning());
				}
			});
			CommandReply<?> reply = engine.askAndWait("account", "a-1", AccountBehavior.open("a-1", 10));
			assertThat(reply.isAccepted()).isTrue();
			assertThat(router.isLocal("account|a-1")).isTrue();
			assertThat(router.liveEntities()).containsEntry("account", 1);
			assertThat(router.liveElsewhere()).isZero();

			Health health = context.getBean(EgoClusterHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = health.getDetails();
			assertThat(details).containsEntry("cluster", hazelcast.getConfig().getClusterName())
				.containsEntry("members", 1)
				.containsEntry("partitions", 271)
				.containsEntry("clusterSafe", true)
				.containsEntry("ownedPartitions", router.ownedPartitions())
				.containsKey("member");
			assertThat((String) details.get("member"))
				.contains(hazelcast.getCluster().getLocalMember().getUuid().toString());
		});
		assertThat(member[0].getLifecycleService().isRunning()).isFalse();
		// the engine stopped (and with it the router) before the member left
		assertThat(engineRunningAtShutdown).containsExactly(false);
	}

	@Test
	void theApplicationsOwnMemberIsUsedAndLeftRunning() {
		int port = Members.freePort();
		String name = Members.uniqueName();
		HazelcastInstance own = Hazelcast.newHazelcastInstance(
				new ClusterSettings(name, Discovery.STATIC, List.of("127.0.0.1:" + port), "127.0.0.1", port, 271, 1)
					.toConfig());
		try {
			HazelcastCommandRouter[] routers = new HazelcastCommandRouter[1];
			this.contextRunner.withBean(HazelcastInstance.class, () -> own)
				// only enables eGo on it: the other ego.cluster.* are not used
				.withPropertyValues("ego.cluster.enabled=true", "ego.cluster.name=not-used")
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(HazelcastInstance.class);
					HazelcastCommandRouter router = context.getBean(HazelcastCommandRouter.class);
					routers[0] = router;
					assertThat(router.hazelcast()).isSameAs(own);
					EgoEngine engine = context.getBean(EgoEngine.class);
					assertThat(engine.askAndWait("account", "a-1", AccountBehavior.open("a-1", 10)).isAccepted())
						.isTrue();
					assertThat(router.liveEntities()).containsEntry("account", 1);
				});
			assertThat(own.getLifecycleService().isRunning()).isTrue();
			assertThat(own.getConfig().getClusterName()).isEqualTo(name);
			own.shutdown();
			Health down = new EgoClusterHealthIndicator(routers[0]).health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason", "the Hazelcast member is not running");
		}
		finally {
			own.shutdown();
		}
	}

	@Test
	void aHazelcastClientIsRefusedNamingTheBean() {
		int port = Members.freePort();
		String name = Members.uniqueName();
		HazelcastInstance member = Hazelcast.newHazelcastInstance(
				new ClusterSettings(name, Discovery.STATIC, List.of("127.0.0.1:" + port), "127.0.0.1", port, 271, 1)
					.toConfig());
		try {
			ClientConfig config = new ClientConfig().setClusterName(name);
			config.getNetworkConfig().addAddress("127.0.0.1:" + port);
			HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
			try {
				this.contextRunner.withBean(HazelcastInstance.class, () -> client)
					.withPropertyValues("ego.cluster.enabled=true")
					.run((context) -> assertThat(context).getFailure()
						.hasStackTraceContaining("eGo's cluster runs on a Hazelcast member")
						.hasStackTraceContaining("is a client"));
			}
			finally {
				client.shutdown();
			}
		}
		finally {
			member.shutdown();
		}
	}

	@Test
	void staticDiscoveryWithoutMembersFailsTheStartNamingEgoClusterMembers() {
		this.contextRunner.withPropertyValues("ego.cluster.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ego.cluster.members"))
				.hasMessageContaining("ego.cluster.members must list the members (host:port)");
		});
	}

	@Test
	void aPortOutOfRangeFailsTheStartNamingEgoClusterPort() {
		this.contextRunner
			.withPropertyValues("ego.cluster.enabled=true", "ego.cluster.members=127.0.0.1:5701", "ego.cluster.port=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
							(ex) -> assertThat(ex.getName()).isEqualTo("ego.cluster.port"))
					.hasMessageContaining("ego.cluster.port must be in [1, 65535] but was 0");
			});
	}

	@Test
	void theHealthIndicatorRefusesANonPositiveTimeout() {
		int port = Members.freePort();
		HazelcastInstance own = Hazelcast.newHazelcastInstance(new ClusterSettings(Members.uniqueName(),
				Discovery.STATIC, List.of("127.0.0.1:" + port), "127.0.0.1", port, 271, 1)
			.toConfig());
		try {
			HazelcastCommandRouter router = new HazelcastCommandRouter(own);
			assertThatIllegalArgumentException().isThrownBy(() -> new EgoClusterHealthIndicator(router, Duration.ZERO))
				.withMessage("'timeout' must be positive but was PT0S");
			assertThat(new EgoClusterHealthIndicator(router, Duration.ofMillis(500)).health().getStatus())
				.isEqualTo(Status.UP);
		}
		finally {
			own.shutdown();
		}
	}

	@Test
	void theHealthIndicatorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues(Members.oneMember())
			.withPropertyValues("management.health.ego-cluster.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(HazelcastCommandRouter.class)
				.doesNotHaveBean(EgoClusterHealthIndicator.class));
	}

}
