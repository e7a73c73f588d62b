package io.ego.spring.boot.autoconfigure.encryption;

import io.ego.core.EngineConfigurationException;
import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.encryption.MasterKeyProvider;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of encryption at rest ({@code ego.encryption.*}): with
 * {@code ego.encryption.enabled=true}, the {@link EncryptionSettings} the engine encrypts
 * with, on the application's {@link MasterKeyProvider} or else a
 * {@link LocalMasterKeyProvider} from {@code master-key} and
 * {@code previous-master-keys}. Both beans back off for the application's own.
 * <p>
 * The engine takes the settings with the {@link io.ego.core.store.DataKeyStore} bean
 * (from the JDBC auto-configuration); an in-memory one is used only next to an in-memory
 * journal, and encryption over a durable journal without a {@code DataKeyStore} bean
 * fails start-up.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class)
@EnableConfigurationProperties(EgoProperties.class)
public final class EgoEncryptionAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EgoEncryptionAutoConfiguration.class);

	private final EgoProperties.Encryption properties;

	EgoEncryptionAutoConfiguration(EgoProperties properties) {
		this.properties = properties.getEncryption();
		String masterKey = this.properties.getMasterKey();
		if (!this.properties.isEnabled() && masterKey != null && !masterKey.isBlank()) {
			logger.warn("ego.encryption.master-key is set but ego.encryption.enabled is false: nothing is encrypted");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("ego.encryption.enabled")
	MasterKeyProvider egoMasterKeyProvider() {
		return LocalMasterKeyProvider.fromBase64(requireMasterKey(this.properties.getMasterKey()),
				this.properties.getPreviousMasterKeys());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("ego.encryption.enabled")
	EncryptionSettings egoEncryptionSettings(MasterKeyProvider masterKeys) {
		return EncryptionSettings.of(masterKeys)
			.withDurableState(this.properties.isDurableState())
			.withKeyCache(this.properties.getKeyCacheSize(), this.properties.getKeyCacheTtl());
	}

	private static String requireMasterKey(@Nullable String masterKey) {
		if (masterKey == null || masterKey.isBlank()) {
			throw new EngineConfigurationException("ego.encryption.enabled=true needs ego.encryption.master-key (32 "
					+ "random bytes in base64, e.g. from an environment variable) or a MasterKeyProvider bean");
		}
		return masterKey;
	}

}
