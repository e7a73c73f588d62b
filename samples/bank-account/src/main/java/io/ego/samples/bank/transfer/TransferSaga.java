package io.ego.samples.bank.transfer;

import java.time.Duration;

import com.google.protobuf.Message;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;
import io.ego.samples.bank.api.CreditAccount;
import io.ego.samples.bank.api.DebitAccount;
import io.ego.samples.bank.api.StartTransfer;
import io.ego.samples.bank.api.Transfer;
import io.ego.spring.annotation.Saga;

/**
 * A transfer between two accounts: debit the source, then credit the target. A rejected
 * debit ends it with nothing to undo; a rejected credit, or no credit within 30 seconds,
 * refunds the source (the engine runs the compensation).
 *
 * @author eGo team
 * @since 0.2.0
 */
@Saga("transfer")
public class TransferSaga implements SagaBehavior<Transfer> {

	static final Duration CREDIT_TIMEOUT = Duration.ofSeconds(30);

	@Override
	public Transfer initialState() {
		return Transfer.getDefaultInstance();
	}

	@Override
	public SagaReaction<Transfer> onStart(Message start, Transfer state, SagaContext context) {
		StartTransfer transfer = (StartTransfer) start;
		return SagaReaction
			.update(Transfer.newBuilder()
				.setFrom(transfer.getFrom())
				.setTo(transfer.getTo())
				.setAmount(transfer.getAmount())
				.setStage("debiting")
				.build())
			.send(SagaStep.of("debit", "account", transfer.getFrom(), debit(transfer.getFrom(), transfer.getAmount()))
				.compensateWith(credit(transfer.getFrom(), transfer.getAmount())));
	}

	@Override
	public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
		if (!outcome.isAccepted()) {
			return SagaReaction.<Transfer>none()
				.compensate(outcome.step() + " " + outcome.kind() + ": " + outcome.reason());
		}
		if (outcome.step().equals("debit")) {
			return SagaReaction.update(state.toBuilder().setStage("crediting").build())
				.send(SagaStep.of("credit", "account", state.getTo(), credit(state.getTo(), state.getAmount()))
					.compensateWith(debit(state.getTo(), state.getAmount())))
				.schedule("credit-timeout", CREDIT_TIMEOUT);
		}
		return SagaReaction.update(state.toBuilder().setStage("done").build()).cancel("credit-timeout").complete();
	}

	private static DebitAccount debit(String id, long amount) {
		return DebitAccount.newBuilder().setId(id).setAmount(amount).build();
	}

	private static CreditAccount credit(String id, long amount) {
		return CreditAccount.newBuilder().setId(id).setAmount(amount).build();
	}

}
