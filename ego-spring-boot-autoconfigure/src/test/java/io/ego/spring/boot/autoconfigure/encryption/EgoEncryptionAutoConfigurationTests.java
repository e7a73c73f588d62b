package io.ego.spring.boot.autoconfigure.encryption;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EngineConfigurationException;
import io.ego.core.EntityErasedException;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.encryption.MasterKeyProvider;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.fixtures.ForwardingEventStore;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.ErasureStore;
import io.ego.core.store.EventStore;
import io.ego.core.store.PersistedEvent;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.core.store.inmemory.InMemoryErasureStore;
import io.ego.core.store.inmemory.InMemoryEventStore;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.EntityDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.ErasureDescriptor;
import io.ego.spring.boot.actuate.endpoint.EgoEndpoint.RewrapDescriptor;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.jdbc.EgoJdbcStoreAutoConfiguration;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import io.ego.store.jdbc.JdbcDataKeyStore;
import io.ego.store.jdbc.JdbcErasureStore;
import io.ego.test.bank.Account;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EgoEncryptionAutoConfiguration} and the engine's data key and erasure
 * stores.
 */
class EgoEncryptionAutoConfigurationTests {

	private static final String KEY = LocalMasterKeyProvider.generateKey();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoEncryptionAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class);

	@Test
	void encryptedPayloadsHoldNoPlaintextAndCommandsWork() {
		this.contextRunner.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=" + KEY)
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				String owner = "owner-8f3a2c";
				assertThat(engine.askAndWait("account", owner, AccountBehavior.open(owner, 10)).isAccepted()).isTrue();
				List<PersistedEvent> stored = context.getBean(EventStore.class).replay("account|" + owner, 1, 10, 10);
				assertThat(stored).singleElement().satisfies((event) -> {
					assertThat(event.keyId()).startsWith("dk1.");
					assertThat(new String(event.payload(), StandardCharsets.ISO_8859_1)).doesNotContain(owner);
				});
			});
	}

	@Test
	void enabledWithoutMasterKeyFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.encryption.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EngineConfigurationException.class)
				.hasMessageContaining("ego.encryption.master-key"));
	}

	@Test
	void malformedMasterKeyFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=c2hvcnQ=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(EngineConfigurationException.class)
				.hasMessageContaining("ego.encryption.master-key"));
	}

	@Test
	void durableJournalWithoutDataKeyStoreFails() {
		this.contextRunner.withBean("egoEventStore", EventStore.class, () -> new DurableLookingEventStore())
			.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=" + KEY)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("needs a DataKeyStore"));
	}

	@Test
	void jdbcStoresKeepDataKeysAndErasureMarkers() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, EgoJdbcStoreAutoConfiguration.class))
			.withPropertyValues("spring.datasource.generate-unique-name=true", "ego.encryption.enabled=true",
					"ego.encryption.master-key=" + KEY)
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcDataKeyStore.class).hasSingleBean(JdbcErasureStore.class);
				EgoEngine engine = context.getBean(EgoEngine.class);
				engine.askAndWait("account", "a", AccountBehavior.open("a", 10));
				assertThat(context.getBean(DataKeyStore.class).latest("account|a")).isNotNull();
				EgoEndpoint endpoint = new EgoEndpoint(engine);
				assertThat(endpoint.erase("entities", "account", "never-was", null).getStatus()).as("404: no history")
					.isEqualTo(404);
				assertThat(((ErasureDescriptor) endpoint.erase("entities", "account", "a", null).getBody())
					.persistenceId()).isEqualTo("account|a");
				assertThat(context.getBean(DataKeyStore.class).latest("account|a")).isNull();
				CommandReply<Account> later = engine.<Account>entity("account", "a")
					.askAndWait(AccountBehavior.credit("a", 1));
				assertThat(later).isInstanceOfSatisfying(CommandReply.Rejected.class,
						(rejected) -> assertThat(rejected.rejection()).isInstanceOf(EntityErasedException.class));
				assertThat(((RewrapDescriptor) endpoint.engineOperation("encryption", "rewrap-data-keys").getBody())
					.rewrapped()).isZero();
			});
	}

	@Test
	void endpointShowsTheStateOfAnEncryptedEntityButNotItsEncryptedEvents() {
		this.contextRunner.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=" + KEY)
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				engine.askAndWait("account", "e", AccountBehavior.open("e", 10, "Eve"));
				EgoEndpoint endpoint = new EgoEndpoint(engine, context.getBean(EventStore.class),
						List.of(Account.getDefaultInstance()));
				EntityDescriptor entity = (EntityDescriptor) endpoint.item("entities", "account", "e", null).getBody();
				// the state, as the engine returns it (decrypted), and the event,
				// encrypted at rest, not decoded
				assertThat(entity.state()).containsEntry("balance", 10L);
				assertThat(entity.events()).singleElement().satisfies((event) -> {
					assertThat(event.encrypted()).isTrue();
					assertThat(event.event()).isNull();
				});
			});
	}

	@Test
	void freshHistoryModeLetsAnErasedEntityStartOver() {
		this.contextRunner.withPropertyValues("ego.erasure.mode=fresh-history").run((context) -> {
			EgoEngine engine = context.getBean(EgoEngine.class);
			engine.askAndWait("account", "f", AccountBehavior.open("f", 10));
			engine.eraseEntity("account", "f");
			assertThat(engine.askAndWait("account", "f", AccountBehavior.open("f", 3)).isAccepted()).isTrue();
		});
	}

	@Test
	void encryptionIsOffByDefault() {
		this.contextRunner.withPropertyValues("ego.encryption.master-key=" + KEY).run((context) -> {
			assertThat(context).doesNotHaveBean(EncryptionSettings.class).doesNotHaveBean(MasterKeyProvider.class);
			context.getBean(EgoEngine.class).askAndWait("account", "p", AccountBehavior.open("p", 10));
			assertThat(context.getBean(EventStore.class).replay("account|p", 1, 1, 1).get(0).keyId()).isNull();
		});
	}

	@Test
	void userMasterKeyProviderReplacesTheLocalOne() {
		LocalMasterKeyProvider userKeys = LocalMasterKeyProvider.fromBase64(KEY, List.of());
		this.contextRunner.withBean("userKeys", MasterKeyProvider.class, () -> userKeys)
			.withPropertyValues("ego.encryption.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(MasterKeyProvider.class).doesNotHaveBean("egoMasterKeyProvider");
				assertThat(context.getBean(EncryptionSettings.class).masterKeys()).isSameAs(userKeys);
				assertEncrypts(context.getBean(EgoEngine.class), context.getBean(EventStore.class));
			});
	}

	@Test
	void userEncryptionSettingsReplaceTheConfiguredOnes() {
		EncryptionSettings userSettings = EncryptionSettings.withMasterKey(KEY).withDurableState(true);
		this.contextRunner.withBean("userSettings", EncryptionSettings.class, () -> userSettings)
			.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=" + KEY)
			.run((context) -> {
				assertThat(context).getBean(EncryptionSettings.class).isSameAs(userSettings);
				assertThat(context).doesNotHaveBean("egoEncryptionSettings");
				assertEncrypts(context.getBean(EgoEngine.class), context.getBean(EventStore.class));
			});
	}

	@Test
	void userDataKeyStoreAndErasureStoreReachTheEngine() {
		InMemoryDataKeyStore dataKeys = new InMemoryDataKeyStore();
		InMemoryErasureStore erasures = new InMemoryErasureStore();
		this.contextRunner.withBean("userDataKeys", DataKeyStore.class, () -> dataKeys)
			.withBean("userErasures", ErasureStore.class, () -> erasures)
			.withPropertyValues("ego.encryption.enabled=true", "ego.encryption.master-key=" + KEY)
			.run((context) -> {
				EgoEngine engine = context.getBean(EgoEngine.class);
				engine.askAndWait("account", "u", AccountBehavior.open("u", 10));
				assertThat(dataKeys.latest("account|u")).isNotNull();
				engine.eraseEntity("account", "u");
				assertThat(erasures.get("account|u")).isNotNull();
				assertThat(dataKeys.latest("account|u")).isNull();
			});
	}

	private static void assertEncrypts(EgoEngine engine, EventStore events) {
		engine.askAndWait("account", "e", AccountBehavior.open("e", 10));
		assertThat(events.replay("account|e", 1, 1, 1).get(0).keyId()).startsWith("dk1.");
	}

	/**
	 * An event store that is not in memory, as far as the auto-configuration can tell.
	 */
	static final class DurableLookingEventStore extends ForwardingEventStore {

		DurableLookingEventStore() {
			super(new InMemoryEventStore());
		}

	}

}
