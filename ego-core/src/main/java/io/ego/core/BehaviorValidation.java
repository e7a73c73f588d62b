package io.ego.core;

import java.lang.reflect.Method;

import com.google.protobuf.Message;

/**
 * The start-up check of a behaviour behind {@link BehaviorContract#validate}: it
 * implements a {@code handleCommand}, and its typed handlers (if any) are consistent.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class BehaviorValidation {

	private BehaviorValidation() {
	}

	static void validate(String entityType, EntityBehavior<?> behavior) {
		String owner = "entity type '" + entityType + "' (" + behavior.getClass().getName() + ")";
		try {
			switch (behavior) {
				case EventSourcedHandlers<?> typed -> typed.table();
				case DurableStateHandlers<?> typed -> typed.table();
				case EventSourcedBehavior<?> eventSourced -> {
					if (!overrides(eventSourced, EventSourcedBehavior.class, Message.class, Message.class)
							&& !overrides(eventSourced, EventSourcedBehavior.class, Message.class, Message.class,
									CommandContext.class)) {
						throw new EngineConfigurationException("implements neither handleCommand(command, state) "
								+ "nor handleCommand(command, state, context)");
					}
				}
				case DurableStateBehavior<?> durableState -> {
					if (!overrides(durableState, DurableStateBehavior.class, Message.class, Message.class, long.class)
							&& !overrides(durableState, DurableStateBehavior.class, Message.class, Message.class,
									CommandContext.class)) {
						throw new EngineConfigurationException("implements neither handleCommand(command, state, "
								+ "revision) nor handleCommand(command, state, context)");
					}
				}
			}
		}
		catch (EngineConfigurationException ex) {
			// one exception naming the entity type (its cause, if any, is the original's)
			Throwable cause = ex.getCause();
			throw (cause != null) ? new EngineConfigurationException(owner + ": " + ex.getMessage(), cause)
					: new EngineConfigurationException(owner + ": " + ex.getMessage());
		}
	}

	private static boolean overrides(Object behavior, Class<?> api, Class<?>... parameters) {
		try {
			Method method = behavior.getClass().getMethod("handleCommand", parameters);
			return method.getDeclaringClass() != api;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
