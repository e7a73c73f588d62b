package io.ego.core.internal.codec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.core.UnknownMessageTypeException;

/**
 * Reads stored messages back by their protobuf full name. Parsers are registered once, at
 * start-up: the messages of the state's {@code .proto} file (found through the generated
 * classes, once) and any declared {@link io.ego.core.EntityBehavior#messageTypes()
 * message types}. No reflection per message.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class MessageTypes {

	private final Map<String, Parser<? extends Message>> parsers = new ConcurrentHashMap<>();

	/**
	 * Registers one message type.
	 * @param prototype any instance of the type, typically its default instance
	 */
	public void register(Message prototype) {
		this.parsers.putIfAbsent(prototype.getDescriptorForType().getFullName(), prototype.getParserForType());
	}

	/**
	 * Registers every message declared in the {@code .proto} file of a generated message,
	 * including nested ones.
	 * @param prototype a generated message of that file
	 */
	public void registerFileOf(Message prototype) {
		register(prototype);
		Descriptor descriptor = prototype.getDescriptorForType();
		FileDescriptor file = descriptor.getFile();
		String prefix = javaPrefix(prototype.getClass(), file);
		for (Descriptor type : file.getMessageTypes()) {
			registerGenerated(type, prefix, prototype.getClass().getClassLoader());
		}
	}

	private static String javaPrefix(Class<?> generated, FileDescriptor file) {
		if (file.getOptions().getJavaMultipleFiles()) {
			String pkg = file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
			return pkg.isEmpty() ? "" : pkg + ".";
		}
		Class<?> outer = generated;
		while (outer.getEnclosingClass() != null) {
			outer = outer.getEnclosingClass();
		}
		return outer.getName() + "$";
	}

	private void registerGenerated(Descriptor type, String prefix, ClassLoader loader) {
		if (type.getOptions().getMapEntry()) {
			return;
		}
		String className = prefix + type.getName();
		try {
			Class<?> cls = Class.forName(className, true, loader);
			Message instance = (Message) cls.getMethod("getDefaultInstance").invoke(null);
			register(instance);
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			// not generated as expected (e.g. a custom outer class layout): declare it
			// via messageTypes()
			return;
		}
		for (Descriptor nested : type.getNestedTypes()) {
			registerGenerated(nested, className + "$", loader);
		}
	}

	/**
	 * Returns whether a type is known.
	 * @param typeName the protobuf full name
	 * @return whether it can be parsed
	 */
	public boolean contains(String typeName) {
		return this.parsers.containsKey(typeName);
	}

	/**
	 * Parses a stored message.
	 * @param typeName the protobuf full name stored with the payload
	 * @param payload the serialized message
	 * @param what what is being read, for error messages (e.g.
	 * {@code "event 3 of 'account|a-1'"})
	 * @return the message
	 * @throws UnknownMessageTypeException when the type is not registered or the payload
	 * does not parse
	 */
	public Message parse(String typeName, byte[] payload, String what) {
		return parse(typeName, payload, 0, payload.length, what);
	}

	/**
	 * Parses a stored message from part of an array.
	 * @param typeName the protobuf full name stored with the payload
	 * @param payload the array holding the serialized message
	 * @param offset where the message starts
	 * @param length its length
	 * @param what what is being read, for error messages
	 * @return the message
	 * @throws UnknownMessageTypeException when the type is not registered or the payload
	 * does not parse
	 */
	public Message parse(String typeName, byte[] payload, int offset, int length, String what) {
		Parser<? extends Message> parser = this.parsers.get(typeName);
		if (parser == null) {
			throw new UnknownMessageTypeException("cannot read " + what + ": unknown message type '" + typeName
					+ "'; declare it in the behaviour's messageTypes()");
		}
		try {
			return parser.parseFrom(payload, offset, length);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new UnknownMessageTypeException("cannot read " + what + " as '" + typeName + "': " + ex.getMessage(),
					ex);
		}
	}

}
