package io.ego.spring.boot.autoconfigure.store;

import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryDeadLetterStore;
import io.ego.core.store.inmemory.InMemoryDurableStateStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.core.store.inmemory.InMemoryOffsetStore;
import io.ego.core.store.inmemory.InMemorySagaIndexStore;
import io.ego.core.store.inmemory.InMemorySnapshotStore;
import io.ego.core.store.inmemory.InMemoryTimerStore;
import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of in-memory eGo stores, for each store the application (or the
 * JDBC auto-configuration) does not define. Nothing survives a restart: meant for tests
 * and quick starts.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnStoreType({ StoreType.AUTO, StoreType.IN_MEMORY })
public final class EgoInMemoryStoreAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EgoInMemoryStoreAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(EventStore.class)
	InMemoryEventStore egoEventStore() {
		logger.info("eGo keeps events in memory: they are lost on restart (add ego-stores-jdbc and a DataSource "
				+ "to persist them)");
		return new InMemoryEventStore();
	}

	@Bean
	@ConditionalOnMissingBean(SnapshotStore.class)
	InMemorySnapshotStore egoSnapshotStore() {
		return new InMemorySnapshotStore();
	}

	@Bean
	@ConditionalOnMissingBean(DurableStateStore.class)
	InMemoryDurableStateStore egoDurableStateStore() {
		return new InMemoryDurableStateStore();
	}

	@Bean
	@ConditionalOnMissingBean(OffsetStore.class)
	InMemoryOffsetStore egoOffsetStore() {
		return new InMemoryOffsetStore();
	}

	@Bean
	@ConditionalOnMissingBean(DeadLetterStore.class)
	InMemoryDeadLetterStore egoDeadLetterStore() {
		return new InMemoryDeadLetterStore();
	}

	@Bean
	@ConditionalOnMissingBean(TimerStore.class)
	InMemoryTimerStore egoTimerStore() {
		return new InMemoryTimerStore();
	}

	@Bean
	@ConditionalOnMissingBean(SagaIndexStore.class)
	InMemorySagaIndexStore egoSagaIndexStore() {
		return new InMemorySagaIndexStore();
	}

}
