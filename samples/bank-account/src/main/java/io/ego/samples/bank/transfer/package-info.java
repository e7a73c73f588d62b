/**
 * Money transfers between accounts: a saga that debits the source, credits the target,
 * and refunds the source when the credit is rejected or times out; and its REST API.
 */
@NullMarked
package io.ego.samples.bank.transfer;

import org.jspecify.annotations.NullMarked;
