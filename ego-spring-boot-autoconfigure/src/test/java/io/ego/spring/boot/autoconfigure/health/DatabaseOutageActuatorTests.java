package io.ego.spring.boot.autoconfigure.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErrorDescriptor;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.actuate.EgoEndpointAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.jdbc.EgoJdbcStoreAutoConfiguration;
import io.ego.spring.boot.autoconfigure.projections.RecordingProjection;
import io.ego.spring.boot.health.EgoStoresHealthIndicator;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator of an application on the JDBC stores (a Hikari pool on an H2 server over
 * TCP, with a 5 s connection timeout) while the database answers and once it is gone
 * (server stopped, pool emptied): the four stores on one {@code DataSource} are probed
 * with one connection, and with the server stopped the {@code ego} health indicator and
 * the {@code ego} endpoint's reads answer within {@code ego.health.timeout} (500 ms)
 * instead of the pool's timeout.
 */
class DatabaseOutageActuatorTests {

	private static final Duration FAST = Duration.ofSeconds(3);

	private Server server;

	@BeforeEach
	void startServer() throws SQLException {
		this.server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop();
	}

	private ApplicationContextRunner contextRunner() {
		String url = "jdbc:h2:tcp://127.0.0.1:" + this.server.getPort() + "/mem:outage-" + UUID.randomUUID();
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					EgoJdbcStoreAutoConfiguration.class, EgoAutoConfiguration.class,
					EgoHealthContributorAutoConfiguration.class, EgoEndpointAutoConfiguration.class))
			.withBean(AccountEntity.class)
			.withBean(RecordingProjection.class)
			.withBean(CountingDataSources.class)
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa",
					"spring.datasource.hikari.connection-timeout=5000", "ego.store.jdbc.initialize-schema=always",
					"ego.health.timeout=500ms", "ego.shutdown-timeout=1s",
					"management.endpoints.web.exposure.include=ego");
	}

	@Test
	void storesOnOneDataSourceAreProbedWithOneConnection() {
		contextRunner().run((context) -> {
			EgoStoresHealthIndicator indicator = context.getBean(EgoStoresHealthIndicator.class);
			CountingDataSource.probeConnections.set(0);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnlyKeys("eventStore", "snapshotStore", "durableStateStore",
					"offsetStore");
			assertThat(CountingDataSource.probeConnections).as("connections the probes took").hasValue(1);
		});
	}

	@Test
	void withTheDatabaseGoneHealthAndTheEndpointAnswerWithinTheBound() {
		contextRunner().run((context) -> {
			EgoStoresHealthIndicator indicator = context.getBean(EgoStoresHealthIndicator.class);
			EgoEndpoint endpoint = context.getBean(EgoEndpoint.class);
			assertThat(endpoint.section("projections", "recorder", null, null, null).getStatus()).isEqualTo(200);
			this.server.stop();
			// the pool drops its connections, as Hikari does on PostgreSQL's connection
			// errors (H2's are not among those it recognizes): a read now waits for a
			// new connection, up to the pool's 5 s timeout
			HikariDataSource pool = (HikariDataSource) context.getBean(CountingDataSource.class).getTargetDataSource();
			pool.getHikariPoolMXBean().softEvictConnections();

			// a connection still in use fails at once; then the probe is cut off at 500
			// ms
			String probeError = "";
			for (int call = 0; call < 5 && !probeError.contains("no answer within"); call++) {
				long started = System.nanoTime();
				Health health = indicator.health();
				assertThat(elapsedSince(started)).isLessThan(FAST);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				probeError = String.valueOf(health.getDetails().get("eventStore"));
			}
			assertThat(probeError).contains("no answer within 500ms");

			long started = System.nanoTime();
			WebEndpointResponse<?> projection = endpoint.section("projections", "recorder", null, null, null);
			assertThat(elapsedSince(started)).isLessThan(FAST);
			assertThat(projection.getStatus()).isEqualTo(503);
			assertThat(projection.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class,
					(error) -> assertThat(error.message()).contains("did not answer within 500ms", "recorder"));

			started = System.nanoTime();
			WebEndpointResponse<?> engine = endpoint.ego();
			assertThat(elapsedSince(started)).isLessThan(FAST);
			assertThat(engine.getStatus()).isEqualTo(503);
		});
	}

	private static Duration elapsedSince(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * Wraps the application's {@code DataSource} in a {@link CountingDataSource}.
	 */
	static class CountingDataSources implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			return (bean instanceof DataSource dataSource) ? new CountingDataSource(dataSource) : bean;
		}

	}

	/**
	 * Counts the connections taken by the health probes' threads.
	 */
	static class CountingDataSource extends DelegatingDataSource implements AutoCloseable {

		static final AtomicInteger probeConnections = new AtomicInteger();

		CountingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (Thread.currentThread().getName().equals("ego-health-probe")) {
				probeConnections.incrementAndGet();
			}
			return super.getConnection();
		}

		@Override
		public void close() throws Exception {
			if (obtainTargetDataSource() instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}

	}

}
