package io.ego.spring.boot.autoconfigure;

import java.time.Instant;
import java.util.List;

import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.encryption.WrappedKey;
import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import io.ego.spring.boot.autoconfigure.encryption.EgoEncryptionAutoConfiguration;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;
import io.ego.spring.boot.autoconfigure.store.EgoInMemoryStoreAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MasterKeyCheck}: an application restarted with another master key,
 * without the one its data keys were wrapped with, fails to start naming the property.
 */
class MasterKeyCheckTests {

	private static final String OLD_KEY = LocalMasterKeyProvider.generateKey();

	private static final String NEW_KEY = LocalMasterKeyProvider.generateKey();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EgoEncryptionAutoConfiguration.class, EgoAutoConfiguration.class,
				EgoInMemoryStoreAutoConfiguration.class))
		.withBean(AccountEntity.class)
		.withBean(DataKeyStore.class, MasterKeyCheckTests::keysWrappedByTheOldKey)
		.withPropertyValues("ego.encryption.enabled=true");

	@Test
	void aMasterKeyThatCannotUnwrapTheStoredKeysFailsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("ego.encryption.master-key=" + NEW_KEY).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MasterKeyMismatchException.class)
				.hasMessageContaining("ego.encryption.master-key")
				.hasMessageContaining("3 of 3");
			FailureAnalysis analysis = new MasterKeyMismatchFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("ego.encryption.master-key",
					LocalMasterKeyProvider.fromBase64(NEW_KEY, List.of()).currentKeyId(),
					LocalMasterKeyProvider.fromBase64(OLD_KEY, List.of()).currentKeyId());
			assertThat(analysis.getAction()).contains("ego.encryption.previous-master-keys", "rewrap-data-keys");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(OLD_KEY, NEW_KEY, "dk1.");
		});
	}

	@Test
	void theOldKeyAmongThePreviousOnesLetsTheApplicationStart() {
		this.contextRunner
			.withPropertyValues("ego.encryption.master-key=" + NEW_KEY,
					"ego.encryption.previous-master-keys=" + OLD_KEY)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theSameKeyStarts() {
		this.contextRunner.withPropertyValues("ego.encryption.master-key=" + OLD_KEY)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theCheckCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("ego.encryption.master-key=" + NEW_KEY, "ego.encryption.startup-check-keys=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static DataKeyStore keysWrappedByTheOldKey() {
		LocalMasterKeyProvider old = LocalMasterKeyProvider.fromBase64(OLD_KEY, List.of());
		InMemoryDataKeyStore store = new InMemoryDataKeyStore();
		for (int i = 0; i < 3; i++) {
			String keyId = "dk1.test-" + i;
			String persistenceId = "account|a-" + i;
			WrappedKey wrapped = old.wrap(keyId, persistenceId, new byte[32]);
			store.insert(new DataKeyRecord(keyId, persistenceId, wrapped.wrappedKey(), wrapped.masterKeyId(),
					Instant.now()));
		}
		return store;
	}

}
