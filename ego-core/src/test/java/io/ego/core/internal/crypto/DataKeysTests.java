package io.ego.core.internal.crypto;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ego.core.encryption.EncryptionSettings;
import io.ego.core.encryption.LocalMasterKeyProvider;
import io.ego.core.store.inmemory.InMemoryDataKeyStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data-key cache and erasure: a reader descheduled between reading a key and caching
 * it never re-caches a key that was shredded meanwhile.
 */
class DataKeysTests {

	private static final String ENTITY = "account|a";

	@Test
	void aReaderDescheduledAfterReadingAKeyDoesNotCacheItWhenTheEntityIsErasedMeanwhile() throws Exception {
		InMemoryDataKeyStore keys = new InMemoryDataKeyStore();
		EncryptionSettings settings = EncryptionSettings.withMasterKey(LocalMasterKeyProvider.generateKey());
		DataKey created = new DataKeys(settings, keys, Clock.systemUTC()).create(ENTITY);

		CountDownLatch read = new CountDownLatch(1);
		CountDownLatch resume = new CountDownLatch(1);
		// another engine's empty cache
		DataKeys cold = new DataKeys(settings, keys, Clock.systemUTC());
		cold.beforeCaching = () -> {
			cold.beforeCaching = null;
			read.countDown();
			await(resume);
		};
		CompletableFuture<@Nullable DataKey> reader = CompletableFuture
			.supplyAsync(() -> cold.get(created.keyId(), ENTITY));
		assertThat(read.await(5, TimeUnit.SECONDS)).as("the reader read the key").isTrue();

		// runs to the end while the reader waits
		assertThat(cold.erase(ENTITY)).as("keys shredded").isEqualTo(1);
		resume.countDown();
		assertThat(reader.get(5, TimeUnit.SECONDS)).as("what it read before the erasure").isNotNull();

		assertThat(cold.get(created.keyId(), ENTITY)).as("the shredded key, after the erasure").isNull();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
