package io.ego.samples.bank.web;

import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityState;
import io.ego.samples.bank.account.AccountNotOpenException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Turns the engine's command replies into HTTP responses: accepted {@code 200}, rejected
 * {@code 409} ({@code 404} when the account is not open, {@code 410} when it was erased),
 * failed {@code 503}; errors as problem details. A failure says whether the command was
 * written: {@code "outcome": "not-written"} with a {@code Retry-After} header (retrying
 * is safe), or {@code "outcome": "unknown"} (it may have been applied: retry with the
 * same {@code Idempotency-Key}, which applies it at most once, or read the account before
 * retrying without one).
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
			case CommandReply.Failed<S> failed -> failed(failed);
		};
	}

	/**
	 * Answers a read of an entity's state ({@code EntityRef.state()}): {@code 200} with
	 * the state, {@code 404} for an id without history, {@code 410} for an erased entity,
	 * {@code 503} when the read failed (a read writes nothing: retrying is safe).
	 * @param <S> the entity's state type
	 * @param read reads the state
	 * @param view turns the state and revision into the response body
	 * @return the response
	 */
	static <S extends Message> ResponseEntity<?> respondState(Supplier<EntityState<S>> read, View<S> view) {
		try {
			EntityState<S> state = read.get();
			return ResponseEntity.ok(view.of(state.state(), state.revision()));
		}
		catch (EntityNotFoundException ex) {
			return problem(HttpStatus.NOT_FOUND, ex.getMessage());
		}
		catch (EntityErasedException ex) {
			return problem(HttpStatus.GONE, ex.getMessage());
		}
		catch (EgoException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
			problem.setProperty("outcome", "not-written");
			return ResponseEntity.of(problem).header("Retry-After", "1").build();
		}
	}

	private static ResponseEntity<ProblemDetail> failed(CommandReply.Failed<?> failed) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				failed.error().getMessage());
		if (failed.outcomeUnknown()) {
			problem.setProperty("outcome", "unknown");
			return ResponseEntity.of(problem).build();
		}
		problem.setProperty("outcome", "not-written");
		return ResponseEntity.of(problem).header("Retry-After", "1").build();
	}

	/**
	 * Answers an error.
	 * @param status the status
	 * @param detail what went wrong, {@code null} when the exception told nothing
	 * @return the response, a problem detail
	 */
	static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
		return ResponseEntity.of(ProblemDetail.forStatusAndDetail(status, detail)).build();
	}

	/**
	 * Turns an accepted state and revision into a response body.
	 *
	 * @param <S> the entity's state type
	 */
	@FunctionalInterface
	interface View<S> {

		Object of(S state, long revision);

	}

}
