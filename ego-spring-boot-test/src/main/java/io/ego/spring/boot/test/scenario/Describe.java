package io.ego.spring.boot.test.scenario;

import java.util.List;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.ego.core.CommandReply;
import io.ego.core.projection.EventEnvelope;

/**
 * How a scenario prints messages, replies and journals in its failures: the message's
 * full type name and its fields in protobuf text format, one line each.
 *
 * @author eGo team
 */
final class Describe {

	private Describe() {
	}

	static String message(Message message) {
		String fields = TextFormat.printer().emittingSingleLine(true).printToString(message).trim();
		return message.getDescriptorForType().getFullName() + " { " + fields + (fields.isEmpty() ? "}" : " }");
	}

	static String messages(List<? extends Message> messages) {
		if (messages.isEmpty()) {
			return "  (none)\n";
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < messages.size(); i++) {
			text.append("  ").append(i + 1).append(". ").append(message(messages.get(i))).append('\n');
		}
		return text.toString();
	}

	static String journal(List<EventEnvelope> events) {
		if (events.isEmpty()) {
			return "  (no event recorded)\n";
		}
		StringBuilder text = new StringBuilder();
		for (EventEnvelope event : events) {
			text.append("  #")
				.append(event.sequenceNr())
				.append(' ')
				.append(message(event.event()))
				.append("  (position ")
				.append(event.position())
				.append(")\n");
		}
		return text.toString();
	}

	static String reply(CommandReply<?> reply) {
		return switch (reply) {
			case CommandReply.Accepted<?> accepted ->
				"accepted at revision " + accepted.revision() + ", state " + message(accepted.state());
			case CommandReply.Rejected<?> rejected -> "rejected: " + rejected.reason();
			case CommandReply.Failed<?> failed -> (failed.outcomeUnknown() ? "failed, outcome unknown: " : "failed: ")
					+ failed.error().getClass().getSimpleName() + ": " + failed.error().getMessage();
		};
	}

}
