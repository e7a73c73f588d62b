package io.ego.samples.bank.web;

import java.util.function.Supplier;

import com.google.protobuf.Message;
import io.ego.core.CommandOptions;
import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.EntityRef;
import io.ego.samples.bank.account.AccountBehavior;
import io.ego.samples.bank.account.AccountLimitsBehavior;
import io.ego.samples.bank.api.AccountLimits;
import io.ego.samples.bank.api.CreditAccount;
import io.ego.samples.bank.api.DebitAccount;
import io.ego.samples.bank.api.GetLimits;
import io.ego.samples.bank.api.OpenAccount;
import io.ego.samples.bank.api.SetDebitLimit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the accounts' commands, sent to the entities through the engine. An
 * accepted command answers {@code 200} with the account's balance and revision; a command
 * the account rejects answers {@code 409} with the reason ({@code 404} for an account
 * that is not open, {@code 410} for an erased one); a body that is not JSON of the
 * expected shape answers {@code 400}, a request whose values break the rules (Bean
 * Validation: missing fields, amounts, ids outside {@link AccountId}) {@code 422}, a body
 * too large {@code 413}; a command that was not written (store down, withdrawn at its
 * deadline, shutting down) answers {@code 503}, one whose outcome is unknown {@code 504}
 * (see {@link Replies}). Every error is a problem detail. A command sent with an
 * {@code Idempotency-Key} header is applied once however often it is re-sent with that
 * key (within the account's command-id window), so a client may retry it after a
 * {@code 503}, a {@code 504} or a timeout. Reading an account here ({@code GET
 * /accounts/{id}}) reads the entity's state ({@code EntityRef.state()}); the read models
 * are served by {@link ReadModelController}.
 *
 * @author eGo team
 * @since 0.1.0
 */
@RestController
@RequestMapping("/accounts")
class AccountController {

	/**
	 * The header that makes a command safe to re-send: a command re-sent with the key of
	 * one the account handled is answered with the original outcome and applied once.
	 */
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final EgoEngine engine;

	AccountController(EgoEngine engine) {
		this.engine = engine;
	}

	@PostMapping
	ResponseEntity<?> open(@Valid @RequestBody OpenRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key) {
		return account(request.id(),
				OpenAccount.newBuilder().setId(request.id()).setInitialBalance(request.initialBalance()).build(), key);
	}

	@PostMapping("/{id}/credit")
	ResponseEntity<?> credit(@PathVariable @AccountId String id, @Valid @RequestBody AmountRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key) {
		return account(id, CreditAccount.newBuilder().setId(id).setAmount(request.amount()).build(), key);
	}

	@PostMapping("/{id}/debit")
	ResponseEntity<?> debit(@PathVariable @AccountId String id, @Valid @RequestBody AmountRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String key) {
		CommandReply<AccountLimits> limits = limits(id).askAndWait(GetLimits.getDefaultInstance());
		if (limits instanceof CommandReply.Accepted<AccountLimits> accepted && accepted.state().getMaxDebit() > 0
				&& request.amount() > accepted.state().getMaxDebit()) {
			return Replies.problem(HttpStatus.CONFLICT,
					"debit of " + request.amount() + " exceeds the limit of " + accepted.state().getMaxDebit());
		}
		return account(id, DebitAccount.newBuilder().setId(id).setAmount(request.amount()).build(), key);
	}

	/**
	 * The consistent read: the entity's state, read through its cell without a write
	 * ({@code EntityRef.state()}), linearizable with the commands to the account and,
	 * when other instances write on the same database, checked against the journal's head
	 * first (one indexed query). {@code 404} for an account never opened, which leaves no
	 * live entity behind.
	 * @param id the account id
	 * @return the account
	 */
	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable @AccountId String id) {
		return Replies.respondState(() -> this.engine.entity(AccountBehavior.class, id).state(),
				(state, revision) -> new AccountView(state.getId(), state.getBalance(), revision));
	}

	/**
	 * Sets an account's limits: {@code 404} for an account never opened (checked with
	 * {@code EntityRef.state()}, which leaves no live entity behind), so that no limits
	 * row exists without its account.
	 * @param id the account id
	 * @param request the limits
	 * @return the limits
	 */
	@PutMapping("/{id}/limits")
	ResponseEntity<?> setLimits(@PathVariable @AccountId String id, @Valid @RequestBody LimitsRequest request) {
		return ifOpened(id,
				() -> Replies.respond(
						limits(id).askAndWait(SetDebitLimit.newBuilder().setMaxDebit(request.maxDebit()).build()),
						(state, revision) -> new LimitsView(id, state.getMaxDebit(), revision)));
	}

	@GetMapping("/{id}/limits")
	ResponseEntity<?> getLimits(@PathVariable @AccountId String id) {
		return ifOpened(id, () -> Replies.respond(limits(id).askAndWait(GetLimits.getDefaultInstance()),
				(state, revision) -> new LimitsView(id, state.getMaxDebit(), revision)));
	}

	/**
	 * Answers a request about an account's limits if the account was opened: else
	 * {@code 404}, or {@code 410} once erased.
	 */
	private ResponseEntity<?> ifOpened(String id, Supplier<ResponseEntity<?>> answer) {
		ResponseEntity<?> account = Replies.respondState(() -> this.engine.entity(AccountBehavior.class, id).state(),
				(state, revision) -> state);
		return account.getStatusCode().is2xxSuccessful() ? answer.get() : account;
	}

	private ResponseEntity<?> account(String id, Message command, @Nullable String key) {
		CommandOptions options;
		try {
			options = (key != null) ? CommandOptions.id(key) : CommandOptions.none();
		}
		catch (IllegalArgumentException ex) {
			return Replies.problem(HttpStatus.UNPROCESSABLE_CONTENT, IDEMPOTENCY_KEY + ": " + ex.getMessage());
		}
		return Replies.respond(this.engine.entity(AccountBehavior.class, id).askAndWait(command, options),
				(state, revision) -> new AccountView(state.getId(), state.getBalance(), revision));
	}

	private EntityRef<AccountLimits> limits(String id) {
		return this.engine.entity(AccountLimitsBehavior.class, id);
	}

	/**
	 * Request to open an account.
	 *
	 * @param id the account id
	 * @param initialBalance the opening balance
	 */
	record OpenRequest(@AccountId String id, @NotNull @PositiveOrZero Long initialBalance) {
	}

	/**
	 * Request to credit or debit an account.
	 *
	 * @param amount the amount, positive
	 */
	record AmountRequest(@NotNull @Positive Long amount) {
	}

	/**
	 * Request to set an account's debit limit.
	 *
	 * @param maxDebit the largest single debit, 0 for none
	 */
	record LimitsRequest(@NotNull @PositiveOrZero Long maxDebit) {
	}

	/**
	 * An account as the API shows it.
	 *
	 * @param id the account id
	 * @param balance the balance
	 * @param revision the sequence number of the account's last event
	 */
	record AccountView(String id, long balance, long revision) {
	}

	/**
	 * An account's limits as the API shows them.
	 *
	 * @param id the account id
	 * @param maxDebit the largest single debit, 0 for none
	 * @param revision the revision of the stored limits, 0 when never set
	 */
	record LimitsView(String id, long maxDebit, long revision) {
	}

}
