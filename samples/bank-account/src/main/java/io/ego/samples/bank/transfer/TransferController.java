package io.ego.samples.bank.transfer;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.ego.core.EgoEngine;
import io.ego.core.EgoException;
import io.ego.core.saga.SagaHistoryEntry;
import io.ego.core.saga.SagaInstance;
import io.ego.core.saga.SagaStatus;
import io.ego.samples.bank.api.StartTransfer;
import io.ego.samples.bank.api.Transfer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of transfers: {@code POST /transfers} starts one ({@code 202} with its status;
 * the same {@code id} again changes nothing), {@code GET /transfers/{id}} reads its
 * status ({@code 404} for a transfer never started).
 *
 * @author eGo team
 * @since 0.2.0
 */
@RestController
@RequestMapping("/transfers")
class TransferController {

	private final EgoEngine engine;

	TransferController(EgoEngine engine) {
		this.engine = engine;
	}

	@PostMapping
	ResponseEntity<?> start(@Valid @RequestBody TransferRequest request) {
		String id = (request.id() != null) ? request.id() : UUID.randomUUID().toString();
		StartTransfer start = StartTransfer.newBuilder()
			.setFrom(request.from())
			.setTo(request.to())
			.setAmount(request.amount())
			.build();
		try {
			SagaInstance<?> instance = this.engine.sagas().start("transfer", id, start).join();
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(TransferView.of(instance));
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof EgoException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable String id) {
		SagaInstance<?> instance = this.engine.sagas().status("transfer", id);
		if (instance.status() == SagaStatus.NEW) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no transfer '" + id + "'"));
		}
		return ResponseEntity.ok(TransferView.of(instance));
	}

	/**
	 * A transfer to start.
	 *
	 * @param id the transfer's id, generated when absent
	 * @param from the account debited
	 * @param to the account credited
	 * @param amount the amount, positive
	 */
	record TransferRequest(@Nullable String id, @NotBlank String from, @NotBlank String to, @Positive long amount) {
	}

	/**
	 * A transfer's status.
	 *
	 * @param id the transfer's id
	 * @param status RUNNING, COMPLETED, COMPENSATING, COMPENSATED or FAILED
	 * @param stage debiting, crediting or done
	 * @param from the account debited
	 * @param to the account credited
	 * @param amount the amount
	 * @param reason why it was compensated or failed
	 * @param history what happened, oldest first
	 */
	record TransferView(String id, String status, String stage, String from, String to, long amount, String reason,
			List<String> history) {

		static TransferView of(SagaInstance<?> instance) {
			Transfer state = (Transfer) instance.state();
			return new TransferView(instance.sagaId(), instance.status().name(), state.getStage(), state.getFrom(),
					state.getTo(), state.getAmount(), instance.reason(),
					instance.history().stream().map(SagaHistoryEntry::what).toList());
		}

	}

}
