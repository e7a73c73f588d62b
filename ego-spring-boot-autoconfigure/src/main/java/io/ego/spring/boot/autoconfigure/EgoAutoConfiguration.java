package io.ego.spring.boot.autoconfigure;

import java.util.List;

import io.ego.core.DurableStateBehavior;
import io.ego.core.EgoEngine;
import io.ego.core.EgoEngineBuilder;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.projection.ProjectionTransactions;
import io.ego.core.saga.SagaSettings;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.DeadLetterStore;
import io.ego.core.store.DurableStateStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.SagaIndexStore;
import io.ego.core.store.SnapshotStore;
import io.ego.core.store.TimerStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.autoconfigure.EntityBeans.EntityBean;
import io.ego.spring.boot.autoconfigure.ProjectionBeans.ProjectionBean;
import io.ego.spring.boot.autoconfigure.SagaBeans.SagaBean;
import io.ego.spring.boot.autoconfigure.jdbc.EgoJdbcStoreAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link EgoEngine}: binds the beans annotated
 * {@link io.ego.spring.annotation.EventSourcedEntity
 *
 * @EventSourcedEntity} and
 * {@link io.ego.spring.annotation.DurableStateEntity @DurableStateEntity} to one engine
 * built on the application's stores, with settings from {@link EgoProperties} and the
 * application's {@link EncryptionSettings}, {@link DataKeyStore}, {@link ErasureStore}
 * and {@link SchemaEvolution} beans (data keys and erasure markers are kept in memory
 * only next to an in-memory journal). With encryption on, the master key must unwrap a
 * sample of the stored data keys before the engine is built ({@link MasterKeyCheck}). The
 * engine is closed before the stores it depends on: it stops accepting commands and
 * finishes those in flight first.
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(after = { EgoJdbcStoreAutoConfiguration.class, EgoInMemoryStoreAutoConfiguration.class },
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@EnableConfigurationProperties(EgoProperties.class)
public final class EgoAutoConfiguration {

	/**
	 * Set to {@code true} by a test slice that starts only some of the application's eGo
	 * beans ({@code @EgoTest(AccountBehavior.class)}): then {@code ego.entities.<type>}
	 * and {@code ego.projections.<name>} of the beans left out are not reported as
	 * unknown. Under {@code ego.test.*}, which applications do not set.
	 */
	public static final String PARTIAL_CONTEXT_PROPERTY = "ego.test.partial-context";

	private final EgoProperties properties;

	private final boolean partialContext;

	EgoAutoConfiguration(EgoProperties properties, Environment environment) {
		this.properties = properties;
		this.partialContext = environment.getProperty(PARTIAL_CONTEXT_PROPERTY, Boolean.class, false);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EgoEngine egoEngine(EventStore eventStore, SnapshotStore snapshotStore, DurableStateStore durableStateStore,
			OffsetStore offsetStore, DeadLetterStore deadLetterStore, ObjectProvider<EncryptionSettings> encryption,
			ObjectProvider<DataKeyStore> dataKeyStore, ObjectProvider<ErasureStore> erasureStore,
			ObjectProvider<SchemaEvolution> schemaEvolution, ListableBeanFactory beanFactory,
			ObjectProvider<ProjectionTransactions> transactions, ObjectProvider<EgoEngineBuilderCustomizer> customizers,
			ObjectProvider<TimerStore> timerStore, ObjectProvider<SagaIndexStore> sagaIndexStore) {
		List<EntityBean> entities = EntityBeans.discover(beanFactory);
		List<ProjectionBean> projections = ProjectionBeans.discover(beanFactory);
		List<SagaBean> sagas = SagaBeans.discover(beanFactory);
		ProjectionSettingsResolver projectionSettings = new ProjectionSettingsResolver(this.properties);
		projectionSettings.checkDefaults();
		EntitySettingsResolver settings = new EntitySettingsResolver(this.properties);
		if (!this.partialContext) {
			projectionSettings.checkOverrides(projections.stream().map(ProjectionBean::name).toList());
			settings.checkOverrides(entities.stream().map(EntityBean::typeName).toList());
			List<String> sagaNames = sagas.stream().map(SagaBean::name).toList();
			for (String configured : this.properties.getSagas().keySet()) {
				if (!sagaNames.contains(configured)) {
					throw new InvalidConfigurationPropertyValueException("ego.sagas." + configured, configured,
							"no @Saga bean is named '" + configured + "'; the sagas are " + sagaNames);
				}
			}
		}
		if (this.properties.getShutdownTimeout().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("ego.shutdown-timeout",
					this.properties.getShutdownTimeout(), "shutdown-timeout must not be negative");
		}
		EgoEngineBuilder builder = EgoEngine.builder()
			.eventStore(eventStore)
			.snapshotStore(snapshotStore)
			.durableStateStore(durableStateStore)
			.offsetStore(offsetStore)
			.deadLetterStore(deadLetterStore)
			.defaults(settings.defaults())
			.shutdownTimeout(this.properties.getShutdownTimeout())
			.erasureMode(this.properties.getErasure().getMode());
		boolean inMemoryJournal = eventStore instanceof InMemoryEventStore;
		encryption.ifAvailable((keys) -> {
			DataKeyStore dataKeys = dataKeyStore.getIfAvailable(() -> inMemoryDataKeyStore(eventStore));
			MasterKeyCheck.verify(keys.masterKeys(), dataKeys, this.properties.getEncryption().getStartupCheckKeys());
			builder.encryption(keys).dataKeyStore(dataKeys);
		});
		ErasureStore erasures = erasureStore.getIfAvailable(() -> inMemoryJournal ? new InMemoryErasureStore() : null);
		if (erasures != null) {
			builder.erasureStore(erasures);
		}
		schemaEvolution.ifAvailable(builder::schemaEvolution);
		String instanceId = this.properties.getInstanceId();
		if (instanceId != null) {
			try {
				builder.instanceId(instanceId);
			}
			catch (EngineConfigurationException ex) {
				throw new InvalidConfigurationPropertyValueException("ego.instance-id", instanceId, ex.getMessage());
			}
		}
		for (EntityBean entity : entities) {
			switch (entity.behavior()) {
				case EventSourcedBehavior<?> behavior ->
					builder.eventSourced(entity.typeName(), behavior, settings.forType(entity.typeName()));
				case DurableStateBehavior<?> behavior ->
					builder.durableState(entity.typeName(), behavior, settings.forType(entity.typeName()));
			}
		}
		transactions.ifAvailable(builder::projectionTransactions);
		for (ProjectionBean projection : projections) {
			if (!projectionSettings.isEnabled(projection.name())) {
				continue;
			}
			builder.projection(projection.name(), projection.projection(),
					projectionSettings.forProjection(projection.name()));
		}
		timerStore.ifAvailable(builder::timerStore);
		sagaIndexStore.ifAvailable(builder::sagaIndexStore);
		for (SagaBean saga : sagas) {
			SagaProperties sagaProperties = this.properties.getSagas().get(saga.name());
			SagaSettings sagaSettings;
			try {
				sagaSettings = (sagaProperties != null) ? sagaProperties.toSettings() : SagaSettings.defaults();
			}
			catch (EngineConfigurationException ex) {
				throw new InvalidConfigurationPropertyValueException("ego.sagas." + saga.name(), saga.name(),
						ex.getMessage());
			}
			builder.saga(saga.name(), saga.behavior(), sagaSettings);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * Data keys must be as durable as the journal: in memory only next to an in-memory
	 * journal.
	 */
	private static DataKeyStore inMemoryDataKeyStore(EventStore eventStore) {
		if (!(eventStore instanceof InMemoryEventStore)) {
			throw new EngineConfigurationException("encryption (ego.encryption.enabled=true) needs a DataKeyStore as "
					+ "durable as the journal (" + eventStore.getClass().getName()
					+ "): define a DataKeyStore bean (ego-stores-jdbc provides one on the journal's DataSource)");
		}
		return new InMemoryDataKeyStore();
	}

	/**
	 * Transactions for transactional projections, on the application's transaction
	 * manager.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PlatformTransactionManager.class)
	static final class ProjectionTransactionsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
		SpringProjectionTransactions egoProjectionTransactions(PlatformTransactionManager transactionManager) {
			return new SpringProjectionTransactions(transactionManager);
		}

	}

}
