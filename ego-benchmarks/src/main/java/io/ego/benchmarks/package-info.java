/**
 * The standard benchmark workloads (W1-W5, the JDBC floor) and the JMH hot-path suite.
 */
@NullMarked
package io.ego.benchmarks;

import org.jspecify.annotations.NullMarked;
