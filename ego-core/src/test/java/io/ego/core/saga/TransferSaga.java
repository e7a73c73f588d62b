package io.ego.core.saga;

import java.time.Duration;

import com.google.protobuf.Message;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.projection.EventEnvelope;
import io.ego.test.bank.AccountOpened;
import io.ego.test.bank.StartTransfer;
import io.ego.test.bank.Transfer;
import org.jspecify.annotations.Nullable;

/**
 * A money transfer between two accounts of type {@code account}: debit the source, then
 * credit the target; the debit is refunded when the credit is rejected or times out. Also
 * started by the journal: an account opened with owner {@code transfer:<to>:<amount>}
 * transfers that amount to {@code <to>}.
 */
class TransferSaga implements SagaBehavior<Transfer> {

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
			.send(SagaStep
				.of("debit", "account", start.getFrom(), AccountBehavior.debit(start.getFrom(), start.getAmount()))
				.compensateWith(AccountBehavior.credit(start.getFrom(), start.getAmount())));
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
				.send(SagaStep
					.of("credit", "account", state.getTo(), AccountBehavior.credit(state.getTo(), state.getAmount()))
					.compensateWith(AccountBehavior.debit(state.getTo(), state.getAmount())));
			case "credit" ->
				SagaReaction.update(state.toBuilder().setStage("done").build()).cancel("timeout").complete();
			default -> SagaReaction.<Transfer>none().fail("unknown step " + outcome.step());
		};
	}

}
