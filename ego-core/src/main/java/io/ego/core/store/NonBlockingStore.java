package io.ego.core.store;

/**
 * Marks a store that answers from memory without waiting for I/O. When every store an
 * engine uses is non-blocking, a caller of {@code askAndWait} runs an idle entity on its
 * own thread (no thread hop); otherwise the entity runs on a virtual thread and the
 * caller only waits, so that its deadline holds however long the store takes.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface NonBlockingStore {

}
