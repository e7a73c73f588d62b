package io.ego.spring.boot.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.ego.core.encryption.EncryptionException;
import io.ego.core.encryption.MasterKeyProvider;
import io.ego.core.store.DataKeyRecord;
import io.ego.core.store.DataKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of the master key: unwraps a sample of the data keys the store holds
 * ({@code ego.encryption.startup-check-keys}, the first ones by key id; key ids are
 * random, so any of them) and fails the start-up with a
 * {@link MasterKeyMismatchException} when one does not unwrap. Without it, an application
 * restarted with a new master key but not the old one in {@code previous-master-keys}
 * starts "UP" and then fails every command of every existing entity. Key material is
 * never logged.
 *
 * @author eGo team
 * @since 0.2.0
 */
public final class MasterKeyCheck {

	private static final Logger logger = LoggerFactory.getLogger(MasterKeyCheck.class);

	private MasterKeyCheck() {
	}

	/**
	 * Unwraps a sample of the stored data keys.
	 * @param masterKeys the master keys the engine will use
	 * @param store the data keys
	 * @param sampleSize how many keys to try, {@code 0} to skip the check
	 * @throws MasterKeyMismatchException when a sampled key does not unwrap
	 */
	public static void verify(MasterKeyProvider masterKeys, DataKeyStore store, int sampleSize) {
		if (sampleSize <= 0) {
			return;
		}
		List<DataKeyRecord> sample;
		try {
			sample = store.keysAfter("", sampleSize);
		}
		catch (UnsupportedOperationException ex) {
			logger.info("The master key is not checked at start-up: {} does not list its data keys",
					store.getClass().getName());
			return;
		}
		int failed = 0;
		Set<String> unknown = new TreeSet<>();
		for (DataKeyRecord key : sample) {
			try {
				masterKeys.unwrap(key.masterKeyId(), key.keyId(), key.persistenceId(), key.wrappedKey());
			}
			catch (EncryptionException ex) {
				failed++;
				unknown.add(key.masterKeyId());
			}
		}
		if (failed > 0) {
			throw new MasterKeyMismatchException(sample.size(), failed, masterKeys.currentKeyId(), unknown);
		}
		logger.debug("The master key unwraps the {} data keys sampled at start-up", sample.size());
	}

}
