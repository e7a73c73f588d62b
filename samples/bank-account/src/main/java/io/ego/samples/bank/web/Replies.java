package io.ego.samples.bank.web;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EntityErasedException;
import io.ego.samples.bank.account.AccountNotOpenException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Turns the engine's command replies into HTTP responses: accepted {@code 200}, rejected {@code 409} ({@code 404}
 * when the account is not open, {@code 410} when it was erased), failed {@code 503}; errors as problem details.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Replies {

	private Replies() {
	}

	/**
	 * Answers a command's reply.
	 * @param <S> the entity's state type
	 * @param reply the reply
	 * @param view turns an accepted state and revision into the response body
	 * @return the response
	 */
	static <S extends Message> ResponseEntity<?> respond(CommandReply<S> reply, View<S> view) {
		return switch (reply) {
			case CommandReply.Accepted<S> accepted -> ResponseEntity.ok(view.of(accepted.state(), accepted.revision()));
			case CommandReply.Rejected<S> rejected when rejected.rejection() instanceof AccountNotOpenException ->
				problem(HttpStatus.NOT_FOUND, rejected.reason());
			case CommandReply.Rejected<S> rejected when rejected.rejection() instanceof EntityErasedException ->
				problem(HttpStatus.GONE, rejected.reason());
			case CommandReply.Rejected<S> rejected -> problem(HttpStatus.CONFLICT, rejected.reason());
			case CommandReply.Failed<S> failed -> problem(HttpStatus.SERVICE_UNAVAILABLE, failed.error().getMessage());
		};
	}

	/**
	 * Answers an error.
	 * @param status the status
	 * @param detail what went wrong
	 * @return the response, a problem detail
	 */
	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.of(ProblemDetail.forStatusAndDetail(status, detail)).build();
	}

	/**
	 * Turns an accepted state and revision into a response body.
	 * @param <S> the entity's state type
	 */
	@FunctionalInterface
	interface View<S> {

		Object of(S state, long revision);

	}

}
