package io.ego.spring.boot.actuate.endpoint;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.jspecify.annotations.Nullable;

/**
 * Turns protobuf messages into JSON-ready maps through their descriptors, and decodes
 * stored payloads of the message types it knows (every message of the {@code .proto}
 * files of the prototypes it is given, nested ones included). Field names are the proto3
 * JSON names; every field of a message is present (scalars with their default value, an
 * unset message field as {@code null}), enums by name, bytes in base64, maps as objects.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class MessageJson {

	private final Map<String, Descriptor> types = new ConcurrentHashMap<>();

	/**
	 * Creates a decoder for the messages of the files of some prototypes.
	 * @param prototypes generated messages (typically default instances) whose files'
	 * message types are decoded
	 */
	public MessageJson(Collection<? extends Message> prototypes) {
		for (Message prototype : prototypes) {
			register(prototype.getDescriptorForType().getFile());
		}
	}

	private void register(FileDescriptor file) {
		for (Descriptor type : file.getMessageTypes()) {
			register(type);
		}
	}

	private void register(Descriptor type) {
		if (type.getOptions().getMapEntry()) {
			return;
		}
		this.types.putIfAbsent(type.getFullName(), type);
		for (Descriptor nested : type.getNestedTypes()) {
			register(nested);
		}
	}

	/**
	 * Decodes a stored payload.
	 * @param typeName the message type's full name
	 * @param payload its serialized form (plaintext)
	 * @return the message as a map, or {@code null} when the type is unknown or the
	 * payload is not a message of it
	 */
	public @Nullable Map<String, @Nullable Object> decode(String typeName, byte[] payload) {
		Descriptor type = this.types.get(typeName);
		if (type == null) {
			return null;
		}
		try {
			return toMap(DynamicMessage.parseFrom(type, payload));
		}
		catch (InvalidProtocolBufferException ex) {
			return null;
		}
	}

	/**
	 * Returns a message as a JSON-ready map.
	 * @param message the message
	 * @return its fields by JSON name
	 */
	public static Map<String, @Nullable Object> toMap(Message message) {
		Map<String, @Nullable Object> json = new LinkedHashMap<>();
		for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
			if (field.getRealContainingOneof() != null && !message.hasField(field)) {
				continue;
			}
			if (field.isMapField()) {
				Map<String, @Nullable Object> entries = new LinkedHashMap<>();
				for (Object entry : (List<?>) message.getField(field)) {
					Message pair = (Message) entry;
					Descriptor pairType = pair.getDescriptorForType();
					entries.put(
							String.valueOf(
									value(pairType.findFieldByNumber(1), pair.getField(pairType.findFieldByNumber(1)))),
							value(pairType.findFieldByNumber(2), pair.getField(pairType.findFieldByNumber(2))));
				}
				json.put(field.getJsonName(), entries);
			}
			else if (field.isRepeated()) {
				List<@Nullable Object> values = new ArrayList<>();
				for (Object value : (List<?>) message.getField(field)) {
					values.add(value(field, value));
				}
				json.put(field.getJsonName(), values);
			}
			else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !message.hasField(field)) {
				json.put(field.getJsonName(), null);
			}
			else {
				json.put(field.getJsonName(), value(field, message.getField(field)));
			}
		}
		return json;
	}

	private static @Nullable Object value(FieldDescriptor field, Object value) {
		return switch (field.getJavaType()) {
			case MESSAGE -> toMap((Message) value);
			case ENUM -> ((EnumValueDescriptor) value).getName();
			case BYTE_STRING -> Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
			default -> value;
		};
	}

}
