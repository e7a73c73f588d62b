package io.ego.core.internal.entity;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.StringValue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailbox's forwarding of a passivated cell's commands to its successor: a command
 * handed on is in the successor's queue only, whatever producers of either queue do
 * afterwards (it once stayed linked in both, which lost commands and, with a cell
 * forwarding again, spun for ever).
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the defect spun
																		// for ever
class MailboxTests {

	private static Pending<StringValue> command(String name) {
		return new Pending<>(StringValue.of(name));
	}

	private static List<String> drain(Mailbox<StringValue> mailbox) {
		List<String> names = new ArrayList<>();
		// bounded: a queue whose links loop would never end
		for (Pending<StringValue> pending = mailbox.poll(); pending != null
				&& names.size() < 100; pending = mailbox.poll()) {
			names.add(name(pending));
		}
		return names;
	}

	private static String name(@Nullable Pending<StringValue> pending) {
		return (pending == null) ? "none" : ((StringValue) pending.command()).getValue();
	}

	@Test
	void forwardedCommandsLeaveTheOldQueueWhateverItsProducersDoLater() {
		Mailbox<StringValue> old = new Mailbox<>();
		Mailbox<StringValue> successor = new Mailbox<>();
		old.enqueue(command("x"));
		old.enqueue(command("y"));

		old.forwardAll(successor::enqueue);
		successor.enqueue(command("z"));
		// a producer that found the old cell before it left the directory
		old.enqueue(command("late"));

		assertThat(drain(successor)).containsExactly("x", "y", "z");
		assertThat(drain(old)).containsExactly("late");
	}

	@Test
	void commandsPutBackAheadAreForwardedFirst() {
		Mailbox<StringValue> old = new Mailbox<>();
		Mailbox<StringValue> successor = new Mailbox<>();
		old.enqueue(command("a"));
		old.enqueue(command("b"));
		Pending<StringValue> first = old.poll();
		assertThat(name(first)).isEqualTo("a");
		old.redoFirst(List.of(first));

		old.forwardAll(successor::enqueue);
		successor.enqueue(command("c"));
		old.enqueue(command("late"));

		assertThat(drain(successor)).containsExactly("a", "b", "c");
		assertThat(drain(old)).containsExactly("late");
	}

	@Test
	void answeredCommandsAreNotForwarded() {
		Mailbox<StringValue> old = new Mailbox<>();
		Mailbox<StringValue> successor = new Mailbox<>();
		Pending<StringValue> answered = command("answered");
		old.enqueue(answered);
		old.enqueue(command("open"));
		answered.complete(null);

		old.forwardAll(successor::enqueue);

		assertThat(drain(successor)).containsExactly("open");
	}

}
