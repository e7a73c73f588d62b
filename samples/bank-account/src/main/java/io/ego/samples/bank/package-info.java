/**
 * The bank-account sample application.
 */
@NullMarked
package io.ego.samples.bank;

import org.jspecify.annotations.NullMarked;
