package io.ego.samples.bank.web;

import java.io.IOException;

import org.springframework.util.unit.DataSize;

/**
 * A request body larger than {@code bank.api.max-request-size}: answered {@code 413}.
 *
 * @author eGo team
 * @since 0.1.0
 */
class RequestTooLargeException extends IOException {

	private static final long serialVersionUID = 1L;

	RequestTooLargeException(DataSize limit) {
		super("the request body is larger than " + limit.toBytes() + " bytes (bank.api.max-request-size)");
	}

}
