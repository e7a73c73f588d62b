package io.ego.samples.bank.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The problem types of the API (RFC 9457 {@code type} members) and the one way this API
 * builds a problem detail. Details name the client's input, never the server's internals
 * (no store messages, key ids or class names): those are logged.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Problems {

	/** A command failed and was not written: retrying it is safe. */
	static final URI NOT_WRITTEN = type("not-written");

	/** A command failed and may have been applied: see {@link Replies}. */
	static final URI OUTCOME_UNKNOWN = type("outcome-unknown");

	/** The request's values break the API's rules (Bean Validation). */
	static final URI INVALID_REQUEST = type("invalid-request");

	/** The request's body is not JSON of the expected shape. */
	static final URI UNREADABLE_REQUEST = type("unreadable-request");

	/** The request's body is larger than {@code bank.api.max-request-size}. */
	static final URI REQUEST_TOO_LARGE = type("request-too-large");

	/** A credit would take the balance beyond {@link Long#MAX_VALUE}. */
	static final URI BALANCE_OVERFLOW = type("balance-overflow");

	private Problems() {
	}

	private static URI type(String name) {
		return URI.create("urn:problem-type:bank-account:" + name);
	}

	/**
	 * Returns a problem detail.
	 * @param status the status
	 * @param type the problem type, {@code null} for {@code about:blank}
	 * @param detail what the client got wrong, {@code null} for none
	 * @return the problem detail
	 */
	static ProblemDetail of(HttpStatusCode status, @Nullable URI type, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (type != null) {
			problem.setType(type);
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		if (known != null) {
			problem.setTitle(known.getReasonPhrase());
		}
		return problem;
	}

	/**
	 * Returns a problem response.
	 * @param status the status
	 * @param type the problem type, {@code null} for {@code about:blank}
	 * @param detail what the client got wrong, {@code null} for none
	 * @return the response
	 */
	static ResponseEntity<ProblemDetail> response(HttpStatusCode status, @Nullable URI type, @Nullable String detail) {
		return ResponseEntity.status(status).body(of(status, type, detail));
	}

}
