package io.ego.samples.bank.statement;

import java.time.Instant;

/**
 * One line of an account's statement.
 *
 * @param revision the sequence number of the account's event
 * @param kind {@code opened}, {@code credit} or {@code debit}
 * @param amount the opening balance, the amount credited, or minus the amount debited
 * @param at when the event was written
 * @author eGo team
 * @since 0.1.0
 */
public record StatementLine(long revision, String kind, long amount, Instant at) {
}
