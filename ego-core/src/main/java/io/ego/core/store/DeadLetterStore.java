package io.ego.core.store;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the events projections and publishers gave up on.
 *
 * @author eGo team
 * @since 0.1.0
 */
public interface DeadLetterStore {

	/**
	 * Adds a dead letter.
	 * @param deadLetter the dead letter (its id is ignored)
	 * @return the dead letter with the id the store assigned (positive, unique)
	 */
	DeadLetter add(DeadLetter deadLetter);

	/**
	 * Lists a consumer's dead letters, oldest first.
	 * @param consumer the projection or publisher
	 * @param limit the most to return, positive
	 * @return the dead letters
	 */
	List<DeadLetter> list(String consumer, int limit);

	/**
	 * Returns one dead letter.
	 * @param id its id
	 * @return the dead letter, or {@code null} when there is none with that id
	 */
	@Nullable DeadLetter get(long id);

	/**
	 * Deletes a dead letter; a no-op when there is none with that id.
	 * @param id its id
	 */
	void delete(long id);

	/**
	 * Counts a consumer's dead letters.
	 * @param consumer the projection or publisher
	 * @return how many there are
	 */
	long count(String consumer);

	/**
	 * Deletes the dead letters of one entity (erasure: they hold copies of its events).
	 * The default lists each consumer's dead letters and deletes the entity's one by one;
	 * stores override it with one statement.
	 * @param persistenceId the entity
	 * @param consumers the projections and publishers that may hold some
	 * @return how many were deleted
	 */
	default int deleteByPersistenceId(String persistenceId, Collection<String> consumers) {
		int deleted = 0;
		for (String consumer : consumers) {
			for (DeadLetter letter : list(consumer, Integer.MAX_VALUE)) {
				if (letter.persistenceId().equals(persistenceId)) {
					delete(letter.id());
					deleted++;
				}
			}
		}
		return deleted;
	}

	/**
	 * Lists the dead letters of every consumer, by id, a page at a time: for tools that
	 * copy a store. The default throws.
	 * @param afterId the exclusive lower bound of ids ({@code 0} for the first page)
	 * @param limit the most returned, positive
	 * @return the dead letters, ascending by id
	 * @throws UnsupportedOperationException when the store cannot list them
	 * @since 0.2.0
	 */
	default List<DeadLetter> listAll(long afterId, int limit) {
		throw new UnsupportedOperationException(getClass().getName() + " does not list all dead letters");
	}

}
