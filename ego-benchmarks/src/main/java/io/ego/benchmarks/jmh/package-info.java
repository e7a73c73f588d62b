/**
 * JMH benchmarks of the hot path: command round trip, event encoding, the JDBC
 * group-commit writer.
 */
@NullMarked
package io.ego.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
