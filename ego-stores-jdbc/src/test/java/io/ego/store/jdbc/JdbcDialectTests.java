package io.ego.store.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.ego.store.jdbc.JdbcStoreOptions.InitializeSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Dialect detection, option validation and the metadata encoding.
 *
 * @author eGo team
 * @since 0.1.0
 */
class JdbcDialectTests {

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void theDialectIsDetectedFromTheConnection(JdbcDialect dialect) {
		assertThat(JdbcDialect.detect(TestDatabases.of(dialect))).isEqualTo(dialect);
	}

	@ParameterizedTest
	@EnumSource(names = { "POSTGRESQL", "MARIADB", "H2" })
	void aStoreWithoutAGivenDialectDetectsIt(JdbcDialect dialect) {
		JdbcStoreOptions options = TestDatabases.freshSchema(dialect, "dd_" + dialect.scriptName() + "_")
			.withDialect(null);
		try (JdbcEventStore store = new JdbcEventStore(TestDatabases.of(dialect), options)) {
			assertThat(store.dialect()).isEqualTo(dialect);
		}
	}

	@Test
	void defaultOptionsDetectTheDialectAndGroupCommitAdaptively() {
		JdbcStoreOptions defaults = JdbcStoreOptions.defaults();
		assertThat(defaults.dialect()).isNull();
		assertThat(defaults.tablePrefix()).isEqualTo("ego_");
		assertThat(defaults.initializeSchema()).isEqualTo(InitializeSchema.EMBEDDED);
		assertThat(defaults.maxBatchSize()).isEqualTo(1000);
		assertThat(defaults.linger()).isZero();
		assertThat(defaults.queueCapacity()).isEqualTo(10_000);
		assertThat(defaults.maxPayloadSize()).isEqualTo(4 * 1024 * 1024);
	}

	@Test
	void invalidOptionsAreRejectedNamingTheSetting() {
		JdbcStoreOptions defaults = JdbcStoreOptions.defaults();
		for (String prefix : new String[] { "", "Ego_", "1ego", "ego-", "ego.", "a".repeat(33) }) {
			assertThatIllegalArgumentException().as("prefix '%s'", prefix)
				.isThrownBy(() -> defaults.withTablePrefix(prefix))
				.withMessageContaining("table-prefix");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxBatchSize(0))
			.withMessageContaining("max-batch-size");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withQueueCapacity(0))
			.withMessageContaining("queue-capacity");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxPayloadSize(0))
			.withMessageContaining("max-payload-size");
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withLinger(Duration.ofMillis(-1)))
			.withMessageContaining("linger");
		assertThat(defaults.withTablePrefix("a").tablePrefix()).isEqualTo("a");
		assertThat(defaults.withTablePrefix("a".repeat(32)).tablePrefix()).hasSize(32);
	}

	@Test
	void metadataIsEncodedCompactlyAndDecodedInOrder() {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		metadata.put("correlation-id", "c-42");
		metadata.put("ünïcødé ✓", "\uD83D\uDE00");
		metadata.put("empty", "");
		byte[] encoded = MetadataCodec.encode(metadata);
		assertThat(MetadataCodec.decode(encoded)).containsExactlyEntriesOf(metadata);
		assertThat(encoded.length).isLessThan(140);
		assertThat(MetadataCodec.encode(Map.of())).isEmpty();
		assertThat(MetadataCodec.decode(null)).isEmpty();
		assertThat(MetadataCodec.decode(new byte[0])).isEmpty();
	}

	@Test
	void metadataIsTheWireFormOfAProtobufStringMap() throws Exception {
		FieldDescriptorProto.Builder string = FieldDescriptorProto.newBuilder()
			.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
			.setType(FieldDescriptorProto.Type.TYPE_STRING);
		FileDescriptorProto file = FileDescriptorProto.newBuilder()
			.setName("metadata.proto")
			.setSyntax("proto3")
			.addMessageType(DescriptorProto.newBuilder()
				.setName("Metadata")
				.addField(FieldDescriptorProto.newBuilder()
					.setName("entries")
					.setNumber(1)
					.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
					.setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
					.setTypeName(".Metadata.EntriesEntry"))
				.addNestedType(DescriptorProto.newBuilder()
					.setName("EntriesEntry")
					.setOptions(MessageOptions.newBuilder().setMapEntry(true))
					.addField(string.clone().setName("key").setNumber(1))
					.addField(string.clone().setName("value").setNumber(2))))
			.build();
		Descriptor descriptor = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Metadata");
		Map<String, String> metadata = Map.of("trace", "t-1", "empty", "");

		DynamicMessage parsed = DynamicMessage.parseFrom(descriptor, MetadataCodec.encode(metadata));
		Map<String, String> viaProtobuf = new LinkedHashMap<>();
		for (Object entry : (List<?>) parsed.getField(descriptor.findFieldByName("entries"))) {
			Message message = (Message) entry;
			Descriptor entryType = message.getDescriptorForType();
			viaProtobuf.put((String) message.getField(entryType.findFieldByName("key")),
					(String) message.getField(entryType.findFieldByName("value")));
		}
		assertThat(viaProtobuf).containsExactlyInAnyOrderEntriesOf(metadata);
		assertThat(MetadataCodec.decode(parsed.toByteArray())).containsExactlyInAnyOrderEntriesOf(metadata);
	}

}
