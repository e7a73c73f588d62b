package io.ego.samples.bank.web;

import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import io.ego.core.EntityErasedException;
import io.ego.core.EntityNotFoundException;
import io.ego.core.EntityState;
import io.ego.samples.bank.account.AccountNotOpenException;
import io.ego.samples.bank.account.BalanceOverflowException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Turns the engine's command replies into HTTP responses: accepted {@code 200}, rejected
 * {@code 409} ({@code 404} when the account is not open, {@code 410} when it was erased);
 * errors as problem details. A failure says whether the command was written: {@code 503}
 * with {@code "outcome": "not-written"} and a {@code Retry-After} header (nothing was
 * written: retrying is safe), or {@code 504} with {@code "outcome": "unknown"} (it may
 * have been applied: retry with the same {@code Idempotency-Key}, which applies it at
 * most once, or read the account before retrying without one; a retry without a key may
 * apply it twice). The engine's message of a failure is logged, never sent: it may name
 * stores, keys or internal state.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class Replies {

	private static final Logger logger = LoggerFactory.getLogger(Replies.class);

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
			case CommandReply.Rejected<S> rejected when rejected.rejection() instanceof BalanceOverflowException ->
				Problems.response(HttpStatus.CONFLICT, Problems.BALANCE_OVERFLOW, rejected.reason());
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
			logger.warn("A read failed: {}", ex.toString());
			return notWritten("the read failed; reading again is safe");
		}
	}

	private static ResponseEntity<ProblemDetail> failed(CommandReply.Failed<?> failed) {
		logger.warn("A command failed (outcome {}): {}", failed.outcomeUnknown() ? "unknown" : "not written",
				failed.error().toString());
		if (failed.outcomeUnknown()) {
			ProblemDetail problem = Problems.of(HttpStatus.GATEWAY_TIMEOUT, Problems.OUTCOME_UNKNOWN,
					"the command may or may not have been applied: retry it with the same Idempotency-Key, or read "
							+ "the account before sending it again without one");
			problem.setProperty("outcome", "unknown");
			return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(problem);
		}
		return notWritten("the command was not applied; sending it again is safe");
	}

	private static ResponseEntity<ProblemDetail> notWritten(String detail) {
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.NOT_WRITTEN, detail);
		problem.setProperty("outcome", "not-written");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(problem);
	}

	/**
	 * Answers an error.
	 * @param status the status
	 * @param detail what went wrong, {@code null} when the exception told nothing
	 * @return the response, a problem detail
	 */
	static ResponseEntity<ProblemDetail> problem(HttpStatus status, @Nullable String detail) {
		return Problems.response(status, null, detail);
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
