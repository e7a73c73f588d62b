package io.ego.spring.boot.autoconfigure.encryption;

import java.util.List;
import java.util.Map;

import io.ego.core.EngineConfigurationException;
import io.ego.core.adapter.EventAdapter;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.encryption.MasterKeyProvider;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoEngineBuilderCustomizer;
import io.ego.spring.boot.autoconfigure.EgoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of encryption at rest
 * ({@code ego.encryption.*}), erasure ({@code ego.erasure.*}) and schema evolution ({@code ego.schema.*} and the
 * {@link EventAdapter} and {@link io.ego.core.adapter.SnapshotAdapter} beans), applied to the engine through an {@link EgoEngineBuilderCustomizer}.
 * <p>
 * Data keys and erasure markers must be as durable as the journal: the stores' beans come from the JDBC
 * auto-configuration; in-memory ones are used only next to an in-memory journal, and encryption over a durable
 * journal without a {@link DataKeyStore} bean fails start-up.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class)
@EnableConfigurationProperties(EgoProperties.class)
public final class EgoEncryptionAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EgoEncryptionAutoConfiguration.class);

	@Bean
	@Order(0)
	EgoEngineBuilderCustomizer egoEncryptionCustomizer(EgoProperties properties, EventStore eventStore,
			ObjectProvider<MasterKeyProvider> masterKeys, ObjectProvider<DataKeyStore> dataKeyStore,
			ObjectProvider<ErasureStore> erasureStore, ObjectProvider<EventAdapter> adapters,
			ObjectProvider<io.ego.core.adapter.SnapshotAdapter> snapshotAdapters) {
		EgoProperties.Encryption encryption = properties.getEncryption();
		boolean inMemoryJournal = eventStore instanceof InMemoryEventStore;
		return (builder) -> {
			if (encryption.isEnabled()) {
				MasterKeyProvider provider = masterKeys.getIfAvailable(() -> LocalMasterKeyProvider
					.fromBase64(requireMasterKey(encryption.getMasterKey()), encryption.getPreviousMasterKeys()));
				builder.encryption(EncryptionSettings.of(provider)
					.withDurableState(encryption.isDurableState())
					.withKeyCache(encryption.getKeyCacheSize(), encryption.getKeyCacheTtl()));
				builder.dataKeyStore(dataKeyStore.getIfAvailable(() -> {
					if (!inMemoryJournal) {
						throw new EngineConfigurationException("ego.encryption.enabled=true needs a DataKeyStore as "
								+ "durable as the journal (" + eventStore.getClass().getName()
								+ "): define a DataKeyStore bean (ego-stores-jdbc provides one on the journal's DataSource)");
					}
					return new InMemoryDataKeyStore();
				}));
			}
			else if (encryption.getMasterKey() != null && !encryption.getMasterKey().isBlank()) {
				logger.warn("ego.encryption.master-key is set but ego.encryption.enabled is false: nothing is encrypted");
			}
			ErasureStore erasures = erasureStore.getIfAvailable(() -> inMemoryJournal ? new InMemoryErasureStore() : null);
			if (erasures != null) {
				builder.erasureStore(erasures);
			}
			builder.erasureMode(properties.getErasure().getMode());
			List<EventAdapter> eventAdapters = adapters.orderedStream().toList();
			List<io.ego.core.adapter.SnapshotAdapter> stateAdapters = snapshotAdapters.orderedStream().toList();
			Map<String, Integer> revisions = properties.getSchema().getRevisions();
			if (!eventAdapters.isEmpty() || !stateAdapters.isEmpty() || !revisions.isEmpty()) {
				SchemaEvolution.Builder schema = SchemaEvolution.builder()
					.adapters(eventAdapters)
					.snapshotAdapters(stateAdapters);
				revisions.forEach(schema::revision);
				builder.schemaEvolution(schema.build());
			}
		};
	}

	private static String requireMasterKey(@org.jspecify.annotations.Nullable String masterKey) {
		if (masterKey == null || masterKey.isBlank()) {
			throw new EngineConfigurationException("ego.encryption.enabled=true needs ego.encryption.master-key (32 "
					+ "random bytes in base64, e.g. from an environment variable) or a MasterKeyProvider bean");
		}
		return masterKey;
	}

}
