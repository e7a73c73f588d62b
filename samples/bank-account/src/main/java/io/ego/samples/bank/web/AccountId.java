package io.ego.samples.bank.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An account id as the API accepts it: 1 to 64 ASCII letters, digits, {@code .},
 * {@code _} or {@code -}, starting with a letter or a digit ({@value #PATTERN}). So an id
 * can always be addressed in a URL path as it is ({@code "a/b"} could not), and two ids
 * never differ only by spaces ({@code " pad "} and {@code "pad"}).
 *
 * @author eGo team
 * @since 0.1.0
 */
@Documented
@NotNull
@Pattern(regexp = AccountId.PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface AccountId {

	/** The pattern of an account id. */
	String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	/**
	 * The message of a violation.
	 * @return the message
	 */
	String message() default "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or a digit";

	/**
	 * The validation groups.
	 * @return the groups
	 */
	Class<?>[] groups() default {};

	/**
	 * The payload.
	 * @return the payload
	 */
	Class<? extends Payload>[] payload() default {};

}
