package io.ego.migration;

/**
 * Told how a {@link StoreCopy} advances, after each page: the phase and how far it is.
 *
 * @author eGo team
 * @since 0.2.0
 */
@FunctionalInterface
public interface CopyProgress {

	/** Reports nothing. */
	CopyProgress NONE = (phase, done, total) -> {
	};

	/**
	 * Called after each page of a phase.
	 * @param phase the phase: {@code events}, {@code entities}, {@code snapshots},
	 * {@code states}, {@code data-keys}, {@code erasures}, {@code offsets},
	 * {@code dead-letters}
	 * @param done records handled in the phase so far
	 * @param total the records of the phase when known (for events: the source's head
	 * position, against the position reached), else {@code -1}
	 */
	void progress(String phase, long done, long total);

}
