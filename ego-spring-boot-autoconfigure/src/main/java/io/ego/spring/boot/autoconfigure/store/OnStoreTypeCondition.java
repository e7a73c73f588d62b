package io.ego.spring.boot.autoconfigure.store;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ego.spring.boot.autoconfigure.EgoProperties.StoreType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.Assert;

/**
 * Condition behind {@link ConditionalOnStoreType}.
 *
 * @author eGo team
 */
class OnStoreTypeCondition extends SpringBootCondition {

	static final String PROPERTY = "ego.store.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, @Nullable Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnStoreType.class.getName());
		Assert.state(attributes != null, "no @ConditionalOnStoreType attributes");
		StoreType[] value = (StoreType[]) attributes.get("value");
		Assert.state(value != null, "no @ConditionalOnStoreType value");
		List<StoreType> accepted = Arrays.asList(value);
		StoreType type = Binder.get(context.getEnvironment()).bind(PROPERTY, StoreType.class).orElse(StoreType.AUTO);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnStoreType.class, accepted);
		if (accepted.contains(type)) {
			return ConditionOutcome.match(message.because(PROPERTY + " is " + type));
		}
		return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + type));
	}

}
