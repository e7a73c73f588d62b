package io.ego.core.internal.entity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.google.protobuf.Message;

/**
 * The cap on an entity type's live cells ({@code max-live}): when an activation takes the
 * type over it, the least recently used idle cells are passivated, down to 99 % of the
 * cap, so that a flood of distinct ids cannot exhaust memory and the scan (one pass over
 * the live cells) runs once per 1 % of the cap's activations. A busy cell (owned, with
 * queued commands, or writing a snapshot) is never passivated: the cap is soft while
 * every cell is busy. One thread evicts at a time; others activate meanwhile.
 *
 * @author eGo team
 * @since 0.1.0
 */
final class LiveLimit {

	/** Candidates looked at beyond those needed, in case some turn out busy. */
	private static final int SPARE = 16;

	private final int maxLive;

	private final int target;

	private final ReentrantLock evicting = new ReentrantLock();

	LiveLimit(int maxLive) {
		this.maxLive = maxLive;
		this.target = maxLive - maxLive / 100;
	}

	/**
	 * @param live how many cells are live
	 * @return whether the cap is exceeded
	 */
	boolean exceeded(int live) {
		return live > this.maxLive;
	}

	/**
	 * Passivates the least recently used idle cells until the type is back under its
	 * target.
	 * @param cells the live cells
	 * @param live how many there are
	 * @param activated the cell just activated: never evicted (its command is on its way)
	 * @param <S> the state type
	 * @return how many were passivated
	 */
	<S extends Message> int evict(Collection<Cell<S>> cells, int live, Cell<S> activated) {
		if (!this.evicting.tryLock()) {
			return 0;
		}
		try {
			int excess = live - this.target;
			if (excess <= 0) {
				return 0;
			}
			int wanted = excess + SPARE;
			// the newest of the oldest on top, so that a newer cell replaces it
			PriorityQueue<Cell<S>> oldest = new PriorityQueue<>(wanted,
					Comparator.comparingLong((Cell<S> cell) -> cell.lastActiveNanos).reversed());
			for (Cell<S> cell : cells) {
				if (cell == activated) {
					continue;
				}
				if (oldest.size() < wanted) {
					oldest.add(cell);
				}
				else if (cell.lastActiveNanos - oldest.peek().lastActiveNanos < 0) {
					oldest.poll();
					oldest.add(cell);
				}
			}
			List<Cell<S>> candidates = new ArrayList<>(oldest);
			candidates.sort(Comparator.comparingLong((Cell<S> cell) -> cell.lastActiveNanos));
			int passivated = 0;
			for (Cell<S> cell : candidates) {
				if (passivated == excess) {
					break;
				}
				if (cell.tryPassivate()) {
					passivated++;
				}
			}
			return passivated;
		}
		finally {
			this.evicting.unlock();
		}
	}

}
