package io.ego.spring.boot.autoconfigure.jdbc;

import io.ego.spring.boot.autoconfigure.EgoProperties;
import io.ego.spring.boot.autoconfigure.EgoProperties.GroupCommit;
import io.ego.store.jdbc.JdbcStoreOptions;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Maps {@code ego.store.jdbc.*} onto {@link JdbcStoreOptions}; an invalid value fails
 * naming its property.
 *
 * @author eGo team
 */
final class JdbcStoreOptionsMapper {

	private static final String PREFIX = "ego.store.jdbc.";

	private JdbcStoreOptionsMapper() {
	}

	static JdbcStoreOptions map(EgoProperties.Jdbc jdbc) {
		GroupCommit groupCommit = jdbc.getGroupCommit();
		long payload = jdbc.getMaxPayloadSize().toBytes();
		if (payload > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-payload-size", jdbc.getMaxPayloadSize(),
					"max-payload-size must be at most " + Integer.MAX_VALUE + " bytes");
		}
		try {
			return new JdbcStoreOptions(null, jdbc.getTablePrefix(),
					JdbcStoreOptions.InitializeSchema.valueOf(jdbc.getInitializeSchema().name()),
					groupCommit.getMaxBatchSize(), groupCommit.getLinger(), groupCommit.getQueueCapacity(),
					(int) payload);
		}
		catch (IllegalArgumentException ex) {
			String reason = String.valueOf(ex.getMessage());
			if (reason.startsWith("table-prefix")) {
				throw invalid("table-prefix", jdbc.getTablePrefix(), reason);
			}
			if (reason.startsWith("max-batch-size")) {
				throw invalid("group-commit.max-batch-size", groupCommit.getMaxBatchSize(), reason);
			}
			if (reason.startsWith("linger")) {
				throw invalid("group-commit.linger", groupCommit.getLinger(), reason);
			}
			if (reason.startsWith("queue-capacity")) {
				throw invalid("group-commit.queue-capacity", groupCommit.getQueueCapacity(), reason);
			}
			if (reason.startsWith("max-payload-size")) {
				throw invalid("max-payload-size", jdbc.getMaxPayloadSize(), reason);
			}
			throw new IllegalStateException("invalid " + PREFIX + "* options: " + reason, ex);
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(PREFIX + key, value, reason);
	}

}
