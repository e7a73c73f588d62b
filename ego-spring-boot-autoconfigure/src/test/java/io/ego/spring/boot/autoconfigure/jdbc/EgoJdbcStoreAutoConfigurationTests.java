package io.ego.spring.boot.autoconfigure.jdbc;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerRecord;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.store.jdbc.JdbcDurableStateStore;
import io.ego.store.jdbc.JdbcEventStore;
import io.ego.store.jdbc.JdbcOffsetStore;
import io.ego.store.jdbc.JdbcSnapshotStore;
import io.ego.store.jdbc.JdbcStoreOptions;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import io.ego.store.jdbc.JdbcTimerStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoJdbcStoreAutoConfiguration}.
 */
class EgoJdbcStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, EgoJdbcStoreAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class))
		.withPropertyValues("spring.datasource.generate-unique-name=true")
		.withBean(AccountEntity.class);

	@Test
	void dataSourceGivesJdbcStoresWithTheirSchemaOnEmbeddedDatabases() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcEventStore.class)
				.hasSingleBean(JdbcSnapshotStore.class)
				.hasSingleBean(JdbcDurableStateStore.class)
				.hasSingleBean(JdbcOffsetStore.class)
				.hasSingleBean(JdbcTimerStore.class)
				.doesNotHaveBean(InMemoryEventStore.class);
			assertThat(context.getBean(JdbcStoreOptions.class)).isEqualTo(JdbcStoreOptions.defaults());
			context.getBean(EgoEngine.class).askAndWait("account", "a", AccountBehavior.open("a", 5));
			assertThat(context.getBean(EventStore.class).headPosition()).isEqualTo(1);
		});
	}

	@Test
	void jdbcPropertiesMapOntoTheStoreOptions() {
		this.contextRunner
			.withPropertyValues("ego.store.jdbc.table-prefix=bank_", "ego.store.jdbc.initialize-schema=always",
					"ego.store.jdbc.max-payload-size=1MB", "ego.store.jdbc.group-commit.max-batch-size=200",
					"ego.store.jdbc.group-commit.linger=1ms", "ego.store.jdbc.group-commit.queue-capacity=500")
			.run((context) -> {
				assertThat(context.getBean(JdbcStoreOptions.class))
					.isEqualTo(new JdbcStoreOptions(null, "bank_", InitializeSchema.ALWAYS, 200, Duration.ofMillis(1),
							500, (int) DataSize.ofMegabytes(1).toBytes()));
				context.getBean(EgoEngine.class).askAndWait("account", "a", AccountBehavior.open("a", 5));
				DataSource dataSource = context.getBean(DataSource.class);
				try (var connection = dataSource.getConnection();
						var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM bank_journal")) {
					rows.next();
					assertThat(rows.getLong(1)).isEqualTo(1);
				}
			});
	}

	@Test
	void invalidTablePrefixFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.store.jdbc.table-prefix=Bank-")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ego.store.jdbc.table-prefix")));
	}

	@Test
	void invalidGroupCommitFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.store.jdbc.group-commit.linger=-1ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ego.store.jdbc.group-commit.linger")));
	}

	@Test
	void schemaNeverOnAnEmptyDatabaseFailsNamingTheMissingTable() {
		this.contextRunner.withPropertyValues("ego.store.jdbc.initialize-schema=never")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("table 'ego_schema_version' does not exist")
				.hasMessageContaining("ego.store.jdbc.initialize-schema=always")
				.hasMessageContaining("io/ego/store/jdbc/schema/v1/"));
	}

	@Test
	void userStoreOptionsAreUsed() {
		JdbcStoreOptions options = JdbcStoreOptions.defaults().withTablePrefix("mine_");
		this.contextRunner.withBean(JdbcStoreOptions.class, () -> options)
			.run((context) -> assertThat(context.getBean(JdbcStoreOptions.class)).isSameAs(options));
	}

	@Test
	void userEventStoreMakesTheJdbcOneBackOff() {
		this.contextRunner.withBean("userEventStore", EventStore.class, InMemoryEventStore::new).run((context) -> {
			assertThat(context).hasSingleBean(EventStore.class).doesNotHaveBean(JdbcEventStore.class);
			assertThat(context.getBean(SnapshotStore.class)).isInstanceOf(JdbcSnapshotStore.class);
		});
	}

	@Test
	void storeTypeInMemoryIgnoresTheDataSource() {
		this.contextRunner.withPropertyValues("ego.store.type=in-memory").run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(JdbcEventStore.class);
			assertThat(context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class);
		});
	}

	@Test
	void withoutJdbcStoresOnTheClasspathStoresAreInMemory() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcEventStore.class))
			.run((context) -> assertThat(context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class));
	}

	@Test
	void withoutJdbcStoresStoreTypeJdbcFailsNamingTheMissingStore() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcEventStore.class))
			.withPropertyValues("ego.store.type=jdbc")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining(EventStore.class.getName()));
	}

	@Test
	void theJdbcTimerStoreKeepsTimersAndAnApplicationTimerStoreReplacesIt() {
		this.contextRunner.run((context) -> {
			TimerStore timers = context.getBean(TimerStore.class);
			TimerRecord stored = timers.schedule(TimerRecord.of("transfer", "t-1", "timeout",
					Instant.parse("2025-01-01T00:00:00Z"), new byte[] { 1 }));
			assertThat(timers.get("transfer", "t-1", "timeout")).isEqualTo(stored);
		});
		this.contextRunner.withBean("applicationTimers", TimerStore.class, InMemoryTimerStore::new)
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcTimerStore.class)
				.getBean(TimerStore.class)
				.isInstanceOf(InMemoryTimerStore.class));
	}

	@Test
	void withoutDataSourceStoresAreInMemory() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EgoJdbcStoreAutoConfiguration.class,
					EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(EventStore.class)).isInstanceOf(InMemoryEventStore.class));
	}

	@Test
	void severalDataSourcesWithoutPrimaryLeaveJdbcStoresOut() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EgoJdbcStoreAutoConfiguration.class,
					EgoInMemoryStoreAutoConfiguration.class, EgoAutoConfiguration.class))
			.withBean("one", DataSource.class, EgoJdbcStoreAutoConfigurationTests::embedded)
			.withBean("two", DataSource.class, EgoJdbcStoreAutoConfigurationTests::embedded)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JdbcEventStore.class);
				assertThat(context.getBean(DurableStateStore.class)).isNotInstanceOf(JdbcDurableStateStore.class);
				assertThat(context.getBean(OffsetStore.class)).isNotInstanceOf(JdbcOffsetStore.class);
				assertThat(context.getBean(TimerStore.class)).isNotInstanceOf(JdbcTimerStore.class);
			});
	}

	private static DataSource embedded() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
	}

}
