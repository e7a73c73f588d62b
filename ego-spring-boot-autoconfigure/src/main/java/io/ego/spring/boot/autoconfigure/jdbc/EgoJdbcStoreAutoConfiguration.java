package io.ego.spring.boot.autoconfigure.jdbc;

import javax.sql.DataSource;

import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.ego.spring.boot.autoconfigure.EgoProperties;
import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;
import io.ego.spring.boot.autoconfigure.store.ConditionalOnStoreType;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.store.jdbc.JdbcDataKeyStore;
import io.ego.store.jdbc.JdbcDeadLetterStore;
import io.ego.store.jdbc.JdbcDurableStateStore;
import io.ego.store.jdbc.JdbcErasureStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcSagaIndexStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcTimerStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the JDBC eGo stores on the application's single
 * {@link DataSource}, for each store the application does not define, with options from
 * {@code ego.store.jdbc.*}. The stores are created after Flyway, Liquibase or SQL
 * initialization ran, and the event store's writer is closed (its queue written) after
 * the engine.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = EgoInMemoryStoreAutoConfiguration.class)
@ConditionalOnClass(JdbcEventStore.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnStoreType({ StoreType.AUTO, StoreType.JDBC })
@EnableConfigurationProperties(EgoProperties.class)
public final class EgoJdbcStoreAutoConfiguration {

	private final EgoProperties properties;

	EgoJdbcStoreAutoConfiguration(EgoProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcStoreOptions egoJdbcStoreOptions() {
		return JdbcStoreOptionsMapper.map(this.properties.getStore().getJdbc());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(EventStore.class)
	@DependsOnDatabaseInitialization
	JdbcEventStore egoEventStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcEventStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(SnapshotStore.class)
	@DependsOnDatabaseInitialization
	JdbcSnapshotStore egoSnapshotStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcSnapshotStore(dataSource, options);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(DurableStateStore.class)
	@DependsOnDatabaseInitialization
	JdbcDurableStateStore egoDurableStateStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcDurableStateStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(DataKeyStore.class)
	@DependsOnDatabaseInitialization
	JdbcDataKeyStore egoDataKeyStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcDataKeyStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(ErasureStore.class)
	@DependsOnDatabaseInitialization
	JdbcErasureStore egoErasureStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcErasureStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(DeadLetterStore.class)
	@DependsOnDatabaseInitialization
	JdbcDeadLetterStore egoDeadLetterStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcDeadLetterStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(OffsetStore.class)
	@DependsOnDatabaseInitialization
	JdbcOffsetStore egoOffsetStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcOffsetStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(TimerStore.class)
	@DependsOnDatabaseInitialization
	JdbcTimerStore egoTimerStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcTimerStore(dataSource, options);
	}

	@Bean
	@ConditionalOnMissingBean(SagaIndexStore.class)
	@DependsOnDatabaseInitialization
	JdbcSagaIndexStore egoSagaIndexStore(DataSource dataSource, JdbcStoreOptions options) {
		return new JdbcSagaIndexStore(dataSource, options);
	}

}
