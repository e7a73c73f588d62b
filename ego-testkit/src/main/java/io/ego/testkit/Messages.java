package io.ego.testkit;

import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import org.jspecify.annotations.Nullable;

/**
 * Describes messages for assertion messages and checks that they survive protobuf
 * serialization.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Messages {

	private static final TextFormat.Printer PRINTER = TextFormat.printer().emittingSingleLine(true);

	private Messages() {
	}

	/**
	 * Describes a message as {@code full.Name{field: value ...}}.
	 * @param message the message
	 * @return the description
	 */
	static String describe(@Nullable Message message) {
		if (message == null) {
			return "null";
		}
		return message.getDescriptorForType().getFullName() + "{" + PRINTER.printToString(message).trim() + "}";
	}

	/**
	 * Describes messages as a list.
	 * @param messages the messages
	 * @return the description
	 */
	static String describe(List<? extends @Nullable Message> messages) {
		StringBuilder text = new StringBuilder("[");
		for (int i = 0; i < messages.size(); i++) {
			text.append((i > 0) ? ", " : "").append(describe(messages.get(i)));
		}
		return text.append(']').toString();
	}

	/**
	 * Returns the protobuf full name of a message's type.
	 * @param message the message
	 * @return the type name
	 */
	static String typeName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

	/**
	 * Serializes a message and parses it back with its own parser, as the engine does
	 * when it stores and reads it.
	 * @param what what the message is, for the description (e.g. {@code "the command"})
	 * @param message the message
	 * @return why the message does not survive, or {@code null} when the parsed copy
	 * equals it
	 */
	static @Nullable String serializationProblem(String what, Message message) {
		String prefix = what + " " + describe(message) + " does not survive protobuf serialization: ";
		byte[] bytes;
		try {
			bytes = message.toByteArray();
		}
		catch (RuntimeException ex) {
			return prefix + "toByteArray() failed with " + ex;
		}
		Message parsed;
		try {
			parsed = message.getParserForType().parseFrom(bytes);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			return prefix + "its bytes cannot be parsed back: " + ex;
		}
		if (parsed.equals(message)) {
			return null;
		}
		String readBack = describe(parsed);
		return prefix + "it is read back as " + readBack + (readBack.equals(describe(message))
				? " (a difference the text format does not show, e.g. a string with an unpaired surrogate)" : "");
	}

}
