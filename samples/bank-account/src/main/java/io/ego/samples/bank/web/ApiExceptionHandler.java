package io.ego.samples.bank.web;

import java.util.List;
import java.util.Map;

import io.ego.core.InvalidEntityIdException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the API's controllers as problem details (RFC 9457,
 * {@code application/problem+json}), one status per kind of error: a body that is not
 * JSON of the expected shape (malformed, a value of the wrong JSON type such as
 * {@code 1.5} or {@code "7"} for an amount, an unknown field) answers {@code 400}; a
 * well-formed request whose values break the rules (a missing field, an amount not
 * positive, an id outside {@link AccountId}'s pattern, in the body or the path) answers
 * {@code 422} with every violation in {@code errors}; a body beyond
 * {@code bank.api.max-request-size} answers {@code 413}. Spring MVC's other errors (an
 * unsupported method or media type...) are answered by
 * {@link ResponseEntityExceptionHandler} as problem details too, and what reaches the
 * error page by {@link ProblemErrorController}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidEntityIdException.class)
	ResponseEntity<ProblemDetail> invalidId(InvalidEntityIdException ex) {
		return Problems.response(HttpStatus.UNPROCESSABLE_CONTENT, Problems.INVALID_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(RequestTooLargeException.class)
	ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException ex) {
		return Problems.response(HttpStatus.CONTENT_TOO_LARGE, Problems.REQUEST_TOO_LARGE, ex.getMessage());
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestTooLargeException tooLarge = cause(ex, RequestTooLargeException.class);
		if (tooLarge != null) {
			return handleExceptionInternal(ex,
					Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.REQUEST_TOO_LARGE, tooLarge.getMessage()),
					headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		return handleExceptionInternal(ex,
				Problems.of(HttpStatus.BAD_REQUEST, Problems.UNREADABLE_REQUEST, unreadable(ex)), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> violation(error.getField(), error))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> violation((error instanceof FieldError field) ? field.getField()
						: String.valueOf(result.getMethodParameter().getParameterName()), error)))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	private @Nullable ResponseEntity<Object> invalid(Exception ex, List<Map<String, String>> errors,
			HttpHeaders headers, WebRequest request) {
		String detail = String.join("; ",
				errors.stream().map((error) -> error.get("field") + " " + error.get("message")).toList());
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.INVALID_REQUEST, detail);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	private static Map<String, String> violation(String field, MessageSourceResolvable error) {
		return Map.of("field", field, "message", String.valueOf(error.getDefaultMessage()));
	}

	/**
	 * Says what is wrong with an unreadable body, naming the field, without Jackson's
	 * message (it names Java types).
	 */
	private static String unreadable(HttpMessageNotReadableException ex) {
		DatabindException databind = cause(ex, DatabindException.class);
		if (databind != null && !databind.getPath().isEmpty()) {
			String field = String.join(".",
					databind.getPath()
						.stream()
						.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
								: "[" + reference.getIndex() + "]")
						.toList());
			return "field '" + field + "' is unknown or not of the expected JSON type (whole numbers must be "
					+ "JSON integers, not decimals or strings)";
		}
		if (cause(ex, JacksonException.class) != null) {
			return "the body is not well-formed JSON";
		}
		log.debug("Unreadable request body", ex);
		return "the body is missing or not readable as JSON";
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
