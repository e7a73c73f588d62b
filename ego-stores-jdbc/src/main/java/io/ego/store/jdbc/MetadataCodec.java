package io.ego.store.jdbc;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * Encodes event metadata as the protobuf wire form of {@code message Metadata {
 * map<string, string> entries = 1; }}: compact, and readable by any protobuf tool. No
 * metadata is stored as {@code NULL}.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class MetadataCodec {

	static final byte[] EMPTY = new byte[0];

	private static final int ENTRIES = 1;

	private static final int KEY = 1;

	private static final int VALUE = 2;

	private MetadataCodec() {
	}

	static byte[] encode(Map<String, String> metadata) {
		if (metadata.isEmpty()) {
			return EMPTY;
		}
		int size = 0;
		for (Map.Entry<String, String> entry : metadata.entrySet()) {
			int entrySize = entrySize(entry);
			size += CodedOutputStream.computeTagSize(ENTRIES) + CodedOutputStream.computeUInt32SizeNoTag(entrySize)
					+ entrySize;
		}
		byte[] bytes = new byte[size];
		CodedOutputStream out = CodedOutputStream.newInstance(bytes);
		try {
			for (Map.Entry<String, String> entry : metadata.entrySet()) {
				out.writeTag(ENTRIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				out.writeUInt32NoTag(entrySize(entry));
				out.writeString(KEY, entry.getKey());
				out.writeString(VALUE, entry.getValue());
			}
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new IllegalStateException("metadata size miscalculated", ex);
		}
		return bytes;
	}

	private static int entrySize(Map.Entry<String, String> entry) {
		return CodedOutputStream.computeStringSize(KEY, entry.getKey())
				+ CodedOutputStream.computeStringSize(VALUE, entry.getValue());
	}

	static Map<String, String> decode(byte @Nullable [] bytes) {
		if (bytes == null || bytes.length == 0) {
			return Map.of();
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		try {
			CodedInputStream in = CodedInputStream.newInstance(bytes);
			for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
				if (WireFormat.getTagFieldNumber(tag) != ENTRIES) {
					in.skipField(tag);
					continue;
				}
				int limit = in.pushLimit(in.readRawVarint32());
				String key = "";
				String value = "";
				for (int field = in.readTag(); field != 0; field = in.readTag()) {
					switch (WireFormat.getTagFieldNumber(field)) {
						case KEY -> key = in.readStringRequireUtf8();
						case VALUE -> value = in.readStringRequireUtf8();
						default -> in.skipField(field);
					}
				}
				in.popLimit(limit);
				metadata.put(key, value);
			}
		}
		catch (IOException ex) {
			throw new StoreException("stored event metadata is corrupt: " + ex.getMessage(), ex);
		}
		return Collections.unmodifiableMap(metadata);
	}

}
