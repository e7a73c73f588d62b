/**
 * A read model of the accounts built by a projection over the journal: each account's
 * statement.
 */
@NullMarked
package io.ego.samples.bank.statement;

import org.jspecify.annotations.NullMarked;
