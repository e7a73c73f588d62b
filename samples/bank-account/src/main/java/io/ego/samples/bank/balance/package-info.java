/**
 * The balance read model: one row per account in table {@code account_balance}, a Spring
 * Data JDBC aggregate written exactly-once by a transactional projection.
 */
@NullMarked
package io.ego.samples.bank.balance;

import org.jspecify.annotations.NullMarked;
