package io.ego.samples.bank.web;

import io.ego.core.InvalidEntityIdException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of every controller of the API, as problem details.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestControllerAdvice
class ApiExceptionHandler {

	@ExceptionHandler(InvalidEntityIdException.class)
	ResponseEntity<ProblemDetail> invalidId(InvalidEntityIdException ex) {
		return Replies.problem(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
	}

}
