package io.ego.core;

import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.google.protobuf.Any;
import com.google.protobuf.Message;

/**
 * What the typed handlers need to know about a message class, found once at start-up
 * (never per command).
 *
 * @author eGo team
 * @since 0.2.0
 */
final class MessageClasses {

	private static final ConcurrentMap<Class<?>, Message> DEFAULTS = new ConcurrentHashMap<>();

	private MessageClasses() {
	}

	/**
	 * Checks that a handler's type is a generated message class: handlers are found by
	 * the exact class of a message.
	 */
	static void requireConcrete(Class<? extends Message> type, String what) {
		if (type == null) {
			throw new NullPointerException(what + " type");
		}
		if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
			throw new EngineConfigurationException("the " + what + " type " + type.getName()
					+ " is not a generated message class: handlers are chosen by the exact class of a message");
		}
		defaultInstance(type);
	}

	static boolean isAny(Class<?> type) {
		return type == Any.class;
	}

	static Message defaultInstance(Class<?> type) {
		return DEFAULTS.computeIfAbsent(type, MessageClasses::lookUp);
	}

	private static Message lookUp(Class<?> type) {
		try {
			Object instance = type.getMethod("getDefaultInstance").invoke(null);
			if (instance instanceof Message message && message.getClass() == type) {
				return message;
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new EngineConfigurationException(
					type.getName() + " is not a generated message class (no getDefaultInstance())", ex);
		}
		throw new EngineConfigurationException(
				type.getName() + " is not a generated message class (no getDefaultInstance())");
	}

	static String fullName(Class<?> type) {
		Message instance = DEFAULTS.get(type);
		return (instance != null) ? instance.getDescriptorForType().getFullName() : type.getName();
	}

	static String fullName(Message message) {
		return message.getDescriptorForType().getFullName();
	}

}
