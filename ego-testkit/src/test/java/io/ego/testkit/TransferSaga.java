package io.ego.testkit;

import java.time.Duration;

import com.google.protobuf.Message;
import io.ego.core.projection.EventEnvelope;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;
import io.ego.test.bank.Account;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.CreditAccount;
import io.ego.test.bank.DebitAccount;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import org.jspecify.annotations.Nullable;

/**
 * A money transfer between accounts of type {@code account}, with a fee: debit the source
 * ({@code debit}), credit the target ({@code credit}), credit one unit to the
 * {@code fees} account ({@code fee}); each completed step is undone when a later one is
 * rejected, fails or the {@code timeout} timer fires. Started explicitly with a
 * {@link StartTransfer}, or by the journal: an account opened with owner
 * {@code transfer:<to>:<amount>} transfers that amount to {@code <to>} (instance
 * {@code opened-<id>}).
 */
class TransferSaga implements SagaBehavior<Transfer> {

	static final String FEES = "fees";

	@Override
	public Transfer initialState() {
		return Transfer.getDefaultInstance();
	}

	@Override
	public @Nullable String correlate(EventEnvelope event) {
		if (event.event() instanceof AccountOpened opened && opened.getOwner().startsWith("transfer:")) {
			return "opened-" + opened.getId();
		}
		return null;
	}

	@Override
	public boolean startsWith(EventEnvelope event) {
		return true;
	}

	@Override
	public SagaReaction<Transfer> onEvent(EventEnvelope event, Transfer state, SagaContext context) {
		AccountOpened opened = (AccountOpened) event.event();
		String[] parts = opened.getOwner().split(":");
		return begin(StartTransfer.newBuilder()
			.setFrom(opened.getId())
			.setTo(parts[1])
			.setAmount(Long.parseLong(parts[2]))
			.build());
	}

	@Override
	public SagaReaction<Transfer> onStart(Message start, Transfer state, SagaContext context) {
		return begin((StartTransfer) start);
	}

	private static SagaReaction<Transfer> begin(StartTransfer start) {
		SagaReaction<Transfer> reaction = SagaReaction
			.update(Transfer.newBuilder()
				.setFrom(start.getFrom())
				.setTo(start.getTo())
				.setAmount(start.getAmount())
				.setStage("debiting")
				.build())
			.send(debitStep(start.getFrom(), start.getAmount()));
		if (start.getTimeoutMillis() > 0) {
			reaction = reaction.schedule("timeout", Duration.ofMillis(start.getTimeoutMillis()));
		}
		return reaction;
	}

	@Override
	public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
		if (!outcome.isAccepted()) {
			return SagaReaction.<Transfer>none()
				.compensate(outcome.step() + " " + outcome.kind() + ": " + outcome.reason());
		}
		return switch (outcome.step()) {
			case "debit" -> SagaReaction.update(state.toBuilder().setStage("crediting").build())
				.send(creditStep(state.getTo(), state.getAmount()));
			case "credit" -> SagaReaction.update(state.toBuilder()
				.setStage("charging"
						+ ((outcome.result() instanceof Account target) ? " (" + target.getBalance() + ")" : ""))
				.build()).send(feeStep());
			case "fee" -> SagaReaction.update(state.toBuilder().setStage("done").build()).cancel("timeout").complete();
			default -> SagaReaction.<Transfer>none().fail("unknown step " + outcome.step());
		};
	}

	static SagaStep debitStep(String from, long amount) {
		return SagaStep.of("debit", "account", from, debit(from, amount)).compensateWith(credit(from, amount));
	}

	static SagaStep creditStep(String to, long amount) {
		return SagaStep.of("credit", "account", to, credit(to, amount)).compensateWith(debit(to, amount));
	}

	static SagaStep feeStep() {
		return SagaStep.of("fee", "account", FEES, credit(FEES, 1)).compensateWith(debit(FEES, 1));
	}

	static CreditAccount credit(String id, long amount) {
		return CreditAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	static DebitAccount debit(String id, long amount) {
		return DebitAccount.newBuilder().setId(id).setAmount(amount).build();
	}

}
