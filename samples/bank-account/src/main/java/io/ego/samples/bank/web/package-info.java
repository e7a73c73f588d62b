/**
 * The REST API of the bank-account sample.
 */
@NullMarked
package io.ego.samples.bank.web;

import org.jspecify.annotations.NullMarked;
