package io.ego.benchmarks;

import com.google.protobuf.Message;
import io.ego.benchmarks.domain.CreditAccount;
import io.ego.benchmarks.domain.DebitAccount;
import io.ego.benchmarks.domain.StartTransfer;
import io.ego.benchmarks.domain.Transfer;
import io.ego.core.saga.SagaBehavior;
import io.ego.core.saga.SagaContext;
import io.ego.core.saga.SagaReaction;
import io.ego.core.saga.SagaStep;
import io.ego.core.saga.StepOutcome;

/**
 * The transfer of the saga workload (W3-saga): debit the source, then credit the target,
 * then complete; a step that does not succeed compensates.
 */
public final class BenchTransferSaga implements SagaBehavior<Transfer> {

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
				.build())
			.send(SagaStep.of("debit", "account", transfer.getFrom(), debit(transfer.getFrom(), transfer.getAmount()))
				.compensateWith(credit(transfer.getFrom(), transfer.getAmount())));
	}

	@Override
	public SagaReaction<Transfer> onOutcome(StepOutcome outcome, Transfer state, SagaContext context) {
		if (!outcome.isAccepted()) {
			return SagaReaction.<Transfer>none().compensate(outcome.step() + " " + outcome.kind());
		}
		if (outcome.step().equals("debit")) {
			return SagaReaction.<Transfer>none()
				.send(SagaStep.of("credit", "account", state.getTo(), credit(state.getTo(), state.getAmount())));
		}
		return SagaReaction.<Transfer>none().complete();
	}

	private static DebitAccount debit(String account, long amount) {
		return DebitAccount.newBuilder().setAccountId(account).setAmount(amount).build();
	}

	private static CreditAccount credit(String account, long amount) {
		return CreditAccount.newBuilder().setAccountId(account).setAmount(amount).build();
	}

}
