/**
 * The account entities: an event-sourced account and its durable-state limits.
 */
@NullMarked
package io.ego.samples.bank.account;

import org.jspecify.annotations.NullMarked;
