package io.ego.core.internal.saga;

import com.google.protobuf.Message;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaSettings;

/**
 * A saga given to the engine builder.
 *
 * @param name the saga's name
 * @param behavior its behaviour
 * @param settings its settings
 * @author eGo team
 * @since 0.2.0
 */
public record SagaRegistration(String name, SagaBehavior<? extends Message> behavior, SagaSettings settings) {

}
