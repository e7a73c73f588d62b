package io.ego.spring.boot.autoconfigure.schema;

import java.util.List;
import java.util.Map;

import io.ego.core.adapter.EventAdapter;
import io.ego.core.adapter.SchemaEvolution;
import io.ego.core.adapter.SnapshotAdapter;
import io.ego.spring.boot.autoconfigure.EgoAutoConfiguration;
import io.ego.spring.boot.autoconfigure.EgoProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of schema evolution: the {@link SchemaEvolution} the engine reads
 * and writes messages with, from the revisions of {@code ego.schema.revisions} and the
 * application's {@link EventAdapter} and {@link SnapshotAdapter} beans
 * ({@link SchemaEvolution#none()} without any). It backs off for the application's own
 * {@code SchemaEvolution}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@AutoConfiguration(before = EgoAutoConfiguration.class)
@EnableConfigurationProperties(EgoProperties.class)
public final class EgoSchemaEvolutionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SchemaEvolution egoSchemaEvolution(EgoProperties properties, ObjectProvider<EventAdapter> eventAdapters,
			ObjectProvider<SnapshotAdapter> snapshotAdapters) {
		List<EventAdapter> events = eventAdapters.orderedStream().toList();
		List<SnapshotAdapter> snapshots = snapshotAdapters.orderedStream().toList();
		Map<String, Integer> revisions = properties.getSchema().getRevisions();
		if (events.isEmpty() && snapshots.isEmpty() && revisions.isEmpty()) {
			return SchemaEvolution.none();
		}
		SchemaEvolution.Builder schema = SchemaEvolution.builder().adapters(events).snapshotAdapters(snapshots);
		revisions.forEach(schema::revision);
		return schema.build();
	}

}
