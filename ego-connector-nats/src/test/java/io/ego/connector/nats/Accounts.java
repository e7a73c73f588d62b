package io.ego.connector.nats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.ego.core.CommandReply;
import io.ego.core.EgoEngine;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.core.store.EventStore;

/**
 * Drives the test domain's accounts ({@link AccountBehavior}, entity type
 * {@code account}): opens them, credits them from concurrent callers, and reads how far
 * each entity's journal goes.
 */
final class Accounts {

	static final String TYPE = "account";

	private Accounts() {
	}

	/**
	 * @return ids whose persistence ids spread over all slices (a scrambled suffix varies
	 * their hash codes)
	 */
	static List<String> ids(String prefix, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> prefix + i + "-" + Integer.toHexString(i * 0x9E3779B1))
			.toList();
	}

	static String persistenceId(String id) {
		return TYPE + "|" + id;
	}

	static void open(EgoEngine engine, List<String> ids) {
		List<CompletableFuture<? extends CommandReply<?>>> replies = new ArrayList<>();
		for (String id : ids) {
			replies.add(engine.ask(TYPE, id, AccountBehavior.open(id, 0)));
		}
		replies.forEach((reply) -> requireAccepted(reply.join()));
	}

	/**
	 * Credits every account {@code rounds} times from {@code callers} threads, each
	 * owning a share of the accounts and keeping one command per account in flight.
	 * @return the number of accepted credits (fewer than asked when {@code stopOnFailure}
	 * and the engine stopped)
	 */
	static int credit(EgoEngine engine, List<String> ids, int rounds, int callers, boolean stopOnFailure)
			throws Exception {
		try (ExecutorService executor = Executors.newFixedThreadPool(callers)) {
			List<Future<Integer>> results = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				int me = caller;
				List<String> mine = IntStream.range(0, ids.size())
					.filter((i) -> i % callers == me)
					.mapToObj(ids::get)
					.toList();
				results.add(executor.submit(() -> creditAll(engine, mine, rounds, stopOnFailure)));
			}
			int accepted = 0;
			for (Future<Integer> result : results) {
				accepted += result.get();
			}
			return accepted;
		}
	}

	private static int creditAll(EgoEngine engine, List<String> ids, int rounds, boolean stopOnFailure) {
		int accepted = 0;
		for (int round = 1; round <= rounds; round++) {
			List<CompletableFuture<? extends CommandReply<?>>> replies = new ArrayList<>(ids.size());
			try {
				for (String id : ids) {
					replies.add(engine.ask(TYPE, id, AccountBehavior.credit(id, round)));
				}
			}
			catch (RuntimeException ex) {
				if (stopOnFailure) {
					return accepted;
				}
				throw ex;
			}
			boolean failed = false;
			for (CompletableFuture<? extends CommandReply<?>> reply : replies) {
				CommandReply<?> result = reply.join();
				if (result instanceof CommandReply.Accepted<?>) {
					accepted++;
				}
				else if (stopOnFailure) {
					failed = true;
				}
				else {
					requireAccepted(result);
				}
			}
			if (failed) {
				return accepted;
			}
		}
		return accepted;
	}

	private static void requireAccepted(CommandReply<?> reply) {
		if (!(reply instanceof CommandReply.Accepted<?>)) {
			throw new IllegalStateException("command not accepted: " + reply);
		}
	}

	/**
	 * @return the highest sequence number in the journal per persistence id
	 */
	static Map<String, Long> highest(EventStore events, List<String> ids) {
		Map<String, Long> highest = new LinkedHashMap<>();
		for (String id : ids) {
			highest.put(persistenceId(id), events.highestSequenceNr(persistenceId(id)));
		}
		return highest;
	}

	static long total(Map<String, Long> highest) {
		return highest.values().stream().mapToLong(Long::longValue).sum();
	}

}
