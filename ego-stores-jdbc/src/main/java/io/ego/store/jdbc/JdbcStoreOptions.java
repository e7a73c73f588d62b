package io.ego.store.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the JDBC stores. Immutable; start from {@link #defaults()} and derive
 * variants with the {@code with*} methods.
 *
 * @param dialect the database dialect, or {@code null} to detect it from the connection's
 * metadata
 * @param tablePrefix the prefix of every table, index and sequence name: lower-case
 * letters, digits and underscores, starting with a letter, at most 32 characters (default
 * {@code ego_})
 * @param initializeSchema when to create or upgrade the schema on start-up
 * @param maxBatchSize the most events the journal writer puts in one transaction; an
 * append bigger than this is written alone (default 1000)
 * @param linger how long the journal writer waits for more appends after the first one of
 * a transaction; {@link Duration#ZERO} (the default) is adaptive group commit: what
 * queued while the previous transaction ran goes into the next one, with no waiting under
 * no load
 * @param queueCapacity the most appends waiting for the journal writer; callers block
 * when it is full (default 10,000)
 * @param maxPayloadSize the largest payload (event, snapshot, state) and encoded event
 * metadata in bytes, checked before the database is hit (default 4 MiB)
 * @author eGo team
 * @since 0.1.0
 */
public record JdbcStoreOptions(@Nullable JdbcDialect dialect, String tablePrefix, InitializeSchema initializeSchema,
		int maxBatchSize, Duration linger, int queueCapacity, int maxPayloadSize) {

	private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,31}");

	private static final JdbcStoreOptions DEFAULTS = new JdbcStoreOptions(null, "ego_", InitializeSchema.EMBEDDED, 1000,
			Duration.ZERO, 10_000, 4 * 1024 * 1024);

	public JdbcStoreOptions {
		Objects.requireNonNull(tablePrefix, "tablePrefix");
		Objects.requireNonNull(initializeSchema, "initializeSchema");
		Objects.requireNonNull(linger, "linger");
		if (!PREFIX.matcher(tablePrefix).matches()) {
			throw new IllegalArgumentException("table-prefix must be 1 to 32 lower-case letters, digits or "
					+ "underscores starting with a letter, but was '" + tablePrefix + "'");
		}
		requirePositive("max-batch-size", maxBatchSize);
		requirePositive("queue-capacity", queueCapacity);
		requirePositive("max-payload-size", maxPayloadSize);
		if (linger.isNegative()) {
			throw new IllegalArgumentException("linger must not be negative but was " + linger);
		}
	}

	private static void requirePositive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	/**
	 * Returns the defaults: detected dialect, prefix {@code ego_}, schema initialized on
	 * embedded databases, batches of up to 1000 events, adaptive group commit, 10,000
	 * queued appends, payloads up to 4 MiB.
	 * @return the default options
	 */
	public static JdbcStoreOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Returns a copy with another dialect.
	 * @param dialect the dialect, or {@code null} to detect it
	 * @return the copy
	 */
	public JdbcStoreOptions withDialect(@Nullable JdbcDialect dialect) {
		return new JdbcStoreOptions(dialect, this.tablePrefix, this.initializeSchema, this.maxBatchSize, this.linger,
				this.queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another table prefix.
	 * @param tablePrefix the prefix
	 * @return the copy
	 */
	public JdbcStoreOptions withTablePrefix(String tablePrefix) {
		return new JdbcStoreOptions(this.dialect, tablePrefix, this.initializeSchema, this.maxBatchSize, this.linger,
				this.queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another schema initialization mode.
	 * @param initializeSchema the mode
	 * @return the copy
	 */
	public JdbcStoreOptions withInitializeSchema(InitializeSchema initializeSchema) {
		return new JdbcStoreOptions(this.dialect, this.tablePrefix, initializeSchema, this.maxBatchSize, this.linger,
				this.queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another maximum batch size.
	 * @param maxBatchSize the most events per journal transaction
	 * @return the copy
	 */
	public JdbcStoreOptions withMaxBatchSize(int maxBatchSize) {
		return new JdbcStoreOptions(this.dialect, this.tablePrefix, this.initializeSchema, maxBatchSize, this.linger,
				this.queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another linger.
	 * @param linger how long to wait for more appends, {@link Duration#ZERO} for adaptive
	 * group commit
	 * @return the copy
	 */
	public JdbcStoreOptions withLinger(Duration linger) {
		return new JdbcStoreOptions(this.dialect, this.tablePrefix, this.initializeSchema, this.maxBatchSize, linger,
				this.queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another queue capacity.
	 * @param queueCapacity the most appends waiting for the writer
	 * @return the copy
	 */
	public JdbcStoreOptions withQueueCapacity(int queueCapacity) {
		return new JdbcStoreOptions(this.dialect, this.tablePrefix, this.initializeSchema, this.maxBatchSize,
				this.linger, queueCapacity, this.maxPayloadSize);
	}

	/**
	 * Returns a copy with another maximum payload size.
	 * @param maxPayloadSize the largest payload in bytes
	 * @return the copy
	 */
	public JdbcStoreOptions withMaxPayloadSize(int maxPayloadSize) {
		return new JdbcStoreOptions(this.dialect, this.tablePrefix, this.initializeSchema, this.maxBatchSize,
				this.linger, this.queueCapacity, maxPayloadSize);
	}

	/**
	 * When the stores create or upgrade their schema on start-up.
	 *
	 * @author eGo team
	 * @since 0.1.0
	 */
	public enum InitializeSchema {

		/** Always create missing tables and apply pending schema versions. */
		ALWAYS,

		/** Never touch the schema; start-up fails naming the first missing table. */
		NEVER,

		/**
		 * Only on an embedded (in-process) database: H2 in memory or in a file, not an H2
		 * server.
		 */
		EMBEDDED

	}

}
