/**
 * What the connectors' publishers share: the envelope
 * ({@link io.ego.connector.v1.PublishedEvent},
 * {@link io.ego.connector.v1.PublishedState}) and how events and states become one
 * ({@link io.ego.connector.support.Envelopes}) and back
 * ({@link io.ego.connector.support.EnvelopeReader}), the header names
 * ({@link io.ego.connector.support.EgoHeaders}), the batches a publisher sends
 * ({@link io.ego.connector.support.PublishedBatches}), the tracking of sends and their
 * acknowledgements across the engine's retries
 * ({@link io.ego.connector.support.PendingSends}) and the classification of failures
 * ({@link io.ego.connector.support.FailureClassifier}). Reading the journal or the state
 * feed, batching, retries with back-off and dead-lettering stay the engine's (see
 * {@link io.ego.core.publisher.EventPublisher}).
 */
@NullMarked
package io.ego.connector.support;

import org.jspecify.annotations.NullMarked;
