package io.ego.cluster.hazelcast.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ego.cluster.hazelcast.HazelcastCommandRouter;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /actuator/ego/cluster} and the {@code egoCluster} health component of an
 * application with every auto-configuration on this module's class path (web, Actuator,
 * the in-memory engine), a member of a one-member cluster on 127.0.0.1; the other
 * {@code GET /actuator/ego/{name}} still answer as the {@code ego} endpoint does. The
 * context is closed after the class, so that its member does not outlive it.
 */
@SpringBootTest(classes = EgoClusterEndpointTests.ClusterApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=ego,health",
				"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always" })
class EgoClusterEndpointTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final String NAME = Members.uniqueName();

	private static final int PORT = Members.freePort();

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		registry.add("ego.cluster.enabled", () -> "true");
		registry.add("ego.cluster.name", () -> NAME);
		registry.add("ego.cluster.port", () -> PORT);
		registry.add("ego.cluster.members", () -> "127.0.0.1:" + PORT);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private EgoEngine engine;

	@Autowired
	private HazelcastCommandRouter router;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void theClusterDescribesThisMemberItsPartitionsEntitiesAndWorkers() {
		this.engine.askAndWait("account", "a-1", AccountBehavior.open("a-1", 10));
		this.engine.askAndWait("account", "a-2", AccountBehavior.open("a-2", 10));
		// Hazelcast assigns the partitions on their first use
		await().atMost(Duration.ofSeconds(60)).until(() -> this.router.ownedPartitions() == 271);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.engine.projections().status("balances").workers().get(0).owner() != null);

		ResponseEntity<Map<String, Object>> response = get("/actuator/ego/cluster");
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		Map<String, Object> cluster = response.getBody();
		assertThat(cluster).containsEntry("name", NAME).containsEntry("instance", this.engine.instanceId());
		Map<String, Object> member = map(cluster.get("member"));
		assertThat(member).containsEntry("address", "127.0.0.1:" + PORT).containsEntry("local", true);
		assertThat(member.get("uuid"))
			.isEqualTo(this.router.hazelcast().getCluster().getLocalMember().getUuid().toString());
		assertThat(list(cluster.get("members"))).singleElement().satisfies((only) -> {
			Map<String, Object> state = map(only);
			assertThat(state).containsAllEntriesOf(member)
				.containsEntry("instance", this.engine.instanceId())
				.containsEntry("ownedPartitions", 271)
				.containsEntry("liveElsewhere", 0)
				.doesNotContainKey("failure");
			assertThat(map(state.get("liveEntities"))).containsEntry("account", 2);
			assertThat(list(state.get("workers"))).singleElement()
				.isEqualTo(Map.of("projection", "balances", "slices", "0-1023"));
		});
		assertThat(map(cluster.get("partitions"))).containsEntry("total", 271).containsEntry("owned", 271);
		assertThat(map(cluster.get("liveEntities"))).containsEntry("account", 2);
		assertThat(cluster).containsEntry("liveElsewhere", 0);
		assertThat(list(cluster.get("workers"))).singleElement()
			.isEqualTo(Map.of("projection", "balances", "slices", "0-1023"));
		assertThat(cluster).doesNotContainKey("workersFailure");
	}

	@Test
	void theOtherNamesAreAnsweredByTheEgoEndpoint() {
		ResponseEntity<Map<String, Object>> account = get("/actuator/ego/account");
		assertThat(account.getStatusCode().value()).isEqualTo(200);
		assertThat(account.getBody()).containsEntry("name", "account");
		ResponseEntity<Map<String, Object>> unknown = get("/actuator/ego/nothing");
		assertThat(unknown.getStatusCode().value()).isEqualTo(404);
		assertThat(String.valueOf(unknown.getBody().get("message"))).contains("no entity type 'nothing'");
		ResponseEntity<Map<String, Object>> sagas = get("/actuator/ego/sagas");
		assertThat(sagas.getStatusCode().value()).isEqualTo(200);
		assertThat(sagas.getBody()).containsEntry("sagas", List.of());
		assertThat(get("/actuator/ego").getStatusCode().value()).isEqualTo(200);
		assertThat(get("/actuator/ego/projections/balances").getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void theHealthHasTheClusterComponentUp() {
		ResponseEntity<Map<String, Object>> response = get("/actuator/health");
		Map<String, Object> component = map(map(response.getBody().get("components")).get("egoCluster"));
		assertThat(component).containsEntry("status", "UP");
		assertThat(map(component.get("details"))).containsEntry("cluster", NAME)
			.containsEntry("members", 1)
			.containsEntry("clusterSafe", true);
	}

	private ResponseEntity<Map<String, Object>> get(String path) {
		return this.client.get().uri(path).retrieve().toEntity(JSON);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static List<?> list(Object value) {
		return (List<?>) value;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ AccountEntity.class, Balances.class })
	static class ClusterApplication {

	}

}
