package io.ego.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ego.core.CommandReply;
import io.ego.core.DedupePolicy;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EntitySettings;
import io.ego.core.EntityTypeInfo;
import io.ego.core.RetentionPolicy;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.CounterBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.entities.BadlyNamedEntity;
import io.ego.spring.boot.autoconfigure.entities.CounterEntity;
import io.ego.spring.boot.autoconfigure.entities.MislabelledCounterEntity;
import io.ego.spring.boot.autoconfigure.entities.OtherAccountEntity;
import io.ego.spring.boot.autoconfigure.scan.ScannedAccountEntity;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.test.bank.Account;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoAutoConfiguration} and {@link EgoInMemoryStoreAutoConfiguration}.
 */
class EgoAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class));

	private final ApplicationContextRunner withEntities = this.contextRunner.withBean(AccountEntity.class)
		.withBean(CounterEntity.class);

	@Test
	void defaultsCreateAnEngineOnInMemoryStores() {
		this.withEntities.run((context) -> {
			assertThat(context).hasSingleBean(EgoEngine.class)
				.hasSingleBean(EgoProperties.class)
				.getBean(EventStore.class)
				.isInstanceOf(InMemoryEventStore.class);
			assertThat(context.getBean(SnapshotStore.class)).isInstanceOf(InMemorySnapshotStore.class);
			assertThat(context.getBean(DurableStateStore.class)).isInstanceOf(InMemoryDurableStateStore.class);
			assertThat(context.getBean(OffsetStore.class)).isInstanceOf(InMemoryOffsetStore.class);
			assertThat(context.getBean(TimerStore.class)).isInstanceOf(InMemoryTimerStore.class);
			EgoEngine engine = context.getBean(EgoEngine.class);
			assertThat(engine.entityTypes()).extracting(EntityTypeInfo::name, EntityTypeInfo::kind)
				.containsExactly(Tuple.tuple("account", EntityTypeInfo.Kind.EVENT_SOURCED),
						Tuple.tuple("counter", EntityTypeInfo.Kind.DURABLE_STATE));
			CommandReply<Account> reply = engine.entity(AccountEntity.class, "acc-1")
				.askAndWait(AccountBehavior.open("acc-1", 100));
			assertThat(reply.state().getBalance()).isEqualTo(100);
			assertThat(engine.askAndWait("counter", "c-1", CounterBehavior.by(2)).revision()).isEqualTo(1);
			assertThat(engine.entityTypes())
				.allSatisfy((type) -> assertThat(type.settings()).isEqualTo(EntitySettings.defaults()));
		});
	}

	@Test
	void engineWithoutEntitiesStarts() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(EgoEngine.class)
			.getBean(EgoEngine.class)
			.satisfies((engine) -> assertThat(engine.entityTypes()).isEmpty()));
	}

	@Test
	void entityBeansAreFoundByComponentScanningUnderTheirDefaultBeanName() {
		this.contextRunner.withUserConfiguration(ScanConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ScannedAccountEntity.class).hasBean("scannedAccountEntity");
			assertThat(context.getBean(EgoEngine.class).entityTypes()).extracting(EntityTypeInfo::name)
				.containsExactly("scanned-account");
		});
	}

	@Test
	void userEngineMakesTheAutoConfiguredOneBackOff() {
		EgoEngine userEngine = EgoEngine.builder().inMemoryStores().build();
		this.withEntities.withBean("userEngine", EgoEngine.class, () -> userEngine).run((context) -> {
			assertThat(context).hasSingleBean(EgoEngine.class).hasBean("userEngine").doesNotHaveBean("egoEngine");
			assertThat(context.getBean(EgoEngine.class)).isSameAs(userEngine);
		});
	}

	@Test
	void userEventStoreMakesTheInMemoryOneBackOffAndIsUsedByTheEngine() {
		InMemoryEventStore userStore = new InMemoryEventStore();
		this.withEntities.withBean("userEventStore", EventStore.class, () -> userStore).run((context) -> {
			assertThat(context).hasSingleBean(EventStore.class).doesNotHaveBean("egoEventStore");
			assertThat(context).hasSingleBean(InMemorySnapshotStore.class);
			context.getBean(EgoEngine.class).askAndWait("account", "a", AccountBehavior.open("a", 1));
			assertThat(userStore.headPosition()).isEqualTo(1);
		});
	}

	@Test
	void storeTypeInMemoryCreatesInMemoryStores() {
		this.withEntities.withPropertyValues("ego.store.type=in-memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryEventStore.class));
	}

	@Test
	void storeTypeJdbcWithoutJdbcStoresFailsNamingTheMissingStore() {
		this.withEntities.withPropertyValues("ego.store.type=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(EventStore.class.getName());
		});
	}

	@Test
	void entityDefaultsMapOntoEntitySettings() {
		this.withEntities
			.withPropertyValues("ego.entity-defaults.passivate-after=2m", "ego.entity-defaults.ask-timeout=750ms",
					"ego.entity-defaults.snapshot-interval=50",
					"ego.entity-defaults.retention.delete-events-on-snapshot=true",
					"ego.entity-defaults.retention.delete-snapshots-on-snapshot=true",
					"ego.entity-defaults.retention.events-retention-count=10", "ego.entity-defaults.batch-threshold=20",
					"ego.entity-defaults.batch-flush-window=3ms", "ego.entity-defaults.adaptive-batching=false",
					"ego.entity-defaults.max-batch-size=64", "ego.entity-defaults.replay-page-size=200",
					"ego.entity-defaults.conflict-retries=5", "ego.entity-defaults.dedupe.window=50",
					"ego.entity-defaults.dedupe.max-age=10m", "ego.entity-defaults.max-live=500",
					"ego.entity-defaults.writers=shared")
			.run((context) -> {
				EntitySettings expected = new EntitySettings(Duration.ofMinutes(2), Duration.ofMillis(750), 50,
						new RetentionPolicy(true, true, 10), 20, Duration.ofMillis(3), false, 64, 200, 5,
						new DedupePolicy(50, Duration.ofMinutes(10)), 500, EntitySettings.Writers.SHARED);
				assertThat(context.getBean(EgoEngine.class).entityTypes())
					.allSatisfy((type) -> assertThat(type.settings()).isEqualTo(expected));
			});
	}

	@Test
	void perTypeOverridesReplaceOnlyTheSettingsTheyGive() {
		this.withEntities
			.withPropertyValues("ego.entity-defaults.ask-timeout=2s", "ego.entities.account.snapshot-interval=100",
					"ego.entities.account.batch-threshold=20", "ego.entities.account.batch-flush-window=2ms",
					"ego.entities.account.retention.delete-events-on-snapshot=true",
					"ego.entities.account.retention.events-retention-count=200",
					"ego.entities.account.passivate-after=10m", "ego.entities.counter.adaptive-batching=false")
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				EntitySettings defaults = EntitySettings.defaults().withAskTimeout(Duration.ofSeconds(2));
				assertThat(settings(engine, "account")).isEqualTo(defaults.withSnapshotInterval(100)
					.withRetention(new RetentionPolicy(true, false, 200))
					.withBatching(20, Duration.ofMillis(2)));
				assertThat(settings(engine, "counter")).isEqualTo(defaults.withAdaptiveBatching(false));
			});
	}

	@Test
	void overrideOfAnUnknownTypeFailsNamingTheProperty() {
		this.withEntities.withPropertyValues("ego.entities.acount.snapshot-interval=5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ego.entities.acount")
				.hasMessageContaining("[account, counter]");
		});
	}

	@Test
	void invalidOverrideFailsNamingTheFullProperty() {
		this.withEntities.withPropertyValues("ego.entities.account.snapshot-interval=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("ego.entities.account.snapshot-interval");
					assertThat(ex.getValue()).isEqualTo(-1);
				})
				.hasMessageContaining("snapshot-interval must be >= 0");
		});
	}

	@Test
	void invalidDefaultFailsNamingTheDefaultsProperty() {
		this.withEntities.withPropertyValues("ego.entity-defaults.ask-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ego.entity-defaults.ask-timeout"));
		});
	}

	@Test
	void invalidNestedValueFailsNamingIt() {
		this.withEntities
			.withPropertyValues("ego.entities.counter.snapshot-interval=5",
					"ego.entities.counter.retention.events-retention-count=-3")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName())
							.isEqualTo("ego.entities.counter.retention.events-retention-count")));
	}

	@Test
	void retentionWithoutSnapshotsFailsNamingTheRetentionFlag() {
		this.withEntities.withPropertyValues("ego.entities.account.retention.delete-snapshots-on-snapshot=true")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName())
							.isEqualTo("ego.entities.account.retention.delete-snapshots-on-snapshot"))
				.hasMessageContaining("retention needs snapshots"));
	}

	@Test
	void unparsableValueFailsNamingTheProperty() {
		this.withEntities.withPropertyValues("ego.entities.account.ask-timeout=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class);
			assertThat(findCause(context.getStartupFailure(), BindException.class).getProperty().getName())
				.hasToString("ego.entities.account.ask-timeout");
		});
	}

	@Test
	void negativeShutdownTimeoutFailsNamingTheProperty() {
		this.withEntities.withPropertyValues("ego.shutdown-timeout=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("ego.shutdown-timeout")));
	}

	@Test
	void duplicateTypeNameFailsNamingBothBeans() {
		this.withEntities.withBean("otherAccount", OtherAccountEntity.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("entity type 'account'")
				.hasMessageContaining("'accountEntity'")
				.hasMessageContaining("'otherAccount'");
		});
	}

	@Test
	void annotatedBeanWithTheWrongBehaviourFailsNamingTheBean() {
		this.contextRunner.withBean("mislabelled", MislabelledCounterEntity.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bean 'mislabelled'")
				.hasMessageContaining("@EventSourcedEntity")
				.hasMessageContaining("does not implement io.ego.core.EventSourcedBehavior");
		});
	}

	@Test
	void behaviourBeanWithoutAnnotationFailsNamingTheBean() {
		this.withEntities.withBean("plainAccount", AccountBehavior.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bean 'plainAccount'")
				.hasMessageContaining("without @EventSourcedEntity or @DurableStateEntity");
		});
	}

	@Test
	void invalidTypeNameFailsNamingTheBean() {
		this.contextRunner.withBean("badlyNamed", BadlyNamedEntity.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("bean 'badlyNamed'")
				.hasMessageContaining("'bad name'");
		});
	}

	@Test
	void builderCustomizersRunInOrderBeforeTheEngineIsBuilt() {
		List<String> calls = new ArrayList<>();
		this.withEntities
			.withBean("second", EgoEngineBuilderCustomizer.class, () -> new OrderedCustomizer(2, (builder) -> {
				calls.add("second");
				builder.durableState("extra", new CounterBehavior());
			}))
			.withBean("first", EgoEngineBuilderCustomizer.class,
					() -> new OrderedCustomizer(1, (builder) -> calls.add("first")))
			.run((context) -> {
				assertThat(calls).containsExactly("first", "second");
				assertThat(context.getBean(EgoEngine.class).entityTypes()).extracting(EntityTypeInfo::name)
					.containsExactly("account", "counter", "extra");
			});
	}

	@Test
	void engineIsClosedBeforeTheStoresItUses() {
		List<String> closed = new ArrayList<>();
		ClosingEventStore store = new ClosingEventStore(closed);
		this.withEntities.withBean(ClosingEventStore.class, () -> store).run((context) -> {
			store.engine = context.getBean(EgoEngine.class);
			assertThat(store.engine.isRunning()).isTrue();
		});
		assertThat(closed).containsExactly("event store closed, engine running: false");
	}

	private static EntitySettings settings(EgoEngine engine, String type) {
		return engine.entityTypes()
			.stream()
			.filter((info) -> info.name().equals(type))
			.findFirst()
			.orElseThrow()
			.settings();
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("no " + type.getName() + " in " + failure);
	}

	private record OrderedCustomizer(int order,
			EgoEngineBuilderCustomizer delegate) implements EgoEngineBuilderCustomizer, Ordered {

		@Override
		public void customize(EgoEngineBuilder builder) {
			this.delegate.customize(builder);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = ScannedAccountEntity.class)
	static class ScanConfiguration {

	}

	/**
	 * An event store that the application closes, recording whether the engine still ran
	 * at that point.
	 */
	static final class ClosingEventStore extends ForwardingEventStore implements AutoCloseable {

		private final List<String> closed;

		volatile EgoEngine engine;

		ClosingEventStore(List<String> closed) {
			super(new InMemoryEventStore());
			this.closed = closed;
		}

		@Override
		public void close() {
			this.closed.add("event store closed, engine running: " + this.engine.isRunning());
		}

	}

}
