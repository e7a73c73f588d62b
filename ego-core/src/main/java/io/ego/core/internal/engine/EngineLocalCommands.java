package io.ego.core.internal.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.ego.core.CommandReply;
import io.ego.core.EgoException;
import io.ego.core.UnknownEntityTypeException;
import io.ego.core.cluster.CommandRouter;
import io.ego.core.cluster.ForwardedCommand;
import io.ego.core.cluster.ForwardedReply;
import io.ego.core.cluster.LocalCommands;
import io.ego.core.internal.entity.EntityType;
import io.ego.core.internal.entity.ForwardedReplies;
import io.ego.core.store.ErasureMarker;
import org.jspecify.annotations.Nullable;

/**
 * The engine's side of its cluster router: runs the commands forwarded to this member
 * (after checking it owns their entity), passivates the entities it no longer owns.
 * Command types are resolved from their generated class once, then parsed from bytes.
 *
 * @author eGo team
 * @since 0.3.0
 */
final class EngineLocalCommands implements LocalCommands {

	private final EngineCore engine;

	private final CommandRouter router;

	private final Map<String, Parser<? extends Message>> parsers = new ConcurrentHashMap<>();

	EngineLocalCommands(EngineCore engine, CommandRouter router) {
		this.engine = engine;
		this.router = router;
	}

	@Override
	public ForwardedReply executeAndWait(ForwardedCommand command) {
		try {
			ForwardedReply refused = refusal(command);
			if (refused != null) {
				return refused;
			}
			if (command.kind() == ForwardedCommand.Kind.ERASE) {
				ErasureMarker marker = this.engine.eraseHere(command.entityType(), command.entityId(),
						command.commandType().equals("force"));
				return new ForwardedReply(ForwardedReply.Outcome.ACCEPTED, new byte[0], marker.erasedToSequenceNr(),
						marker.erasedAt().toString());
			}
			EntityType<?> type = this.engine.type(command.entityType());
			if (command.kind() == ForwardedCommand.Kind.STATE) {
				return ForwardedReplies.of(type.stateHereAndWait(command.entityId()));
			}
			return ForwardedReplies.of(type.askHereAndWait(command.entityId(), parse(command), command.commandId()));
		}
		catch (Throwable ex) {
			return ForwardedReplies.of(ex);
		}
	}

	/**
	 * @return why this member does not run the command (its engine stopped, or it does
	 * not own the entity), or {@code null} when it runs it
	 */
	private @Nullable ForwardedReply refusal(ForwardedCommand command) {
		if (!this.engine.isRunning()) {
			return ForwardedReply.of(ForwardedReply.Outcome.ENGINE_STOPPED, "engine stopped on instance '"
					+ this.engine.instanceId() + "': " + command.persistenceId() + " not accepted");
		}
		if (!this.router.isLocal(command.entityType(), command.entityId())) {
			return ForwardedReply.of(ForwardedReply.Outcome.NOT_OWNER,
					"instance '" + this.engine.instanceId() + "' does not own '" + command.persistenceId() + "'");
		}
		return null;
	}

	@Override
	public CompletableFuture<ForwardedReply> execute(ForwardedCommand command) {
		if (command.kind() == ForwardedCommand.Kind.ERASE) {
			// an erasure waits for the entity's in-flight work: on a virtual thread
			return CompletableFuture.supplyAsync(() -> executeAndWait(command),
					(task) -> Thread.ofVirtual().name("ego-erase").start(task));
		}
		try {
			ForwardedReply refused = refusal(command);
			if (refused != null) {
				return CompletableFuture.completedFuture(refused);
			}
			EntityType<?> type = this.engine.type(command.entityType());
			if (command.kind() == ForwardedCommand.Kind.STATE) {
				return type.stateHere(command.entityId())
					.handle((state, error) -> (error != null) ? ForwardedReplies.of(unwrap(error))
							: ForwardedReplies.of(state));
			}
			Message parsed = parse(command);
			CompletableFuture<? extends CommandReply<?>> reply = type.askForwarded(command.entityId(), parsed,
					command.commandId());
			CommandReply<?> now = reply.getNow(null);
			return (now != null) ? CompletableFuture.completedFuture(ForwardedReplies.of(now))
					: reply.thenApply(ForwardedReplies::of);
		}
		catch (Throwable ex) {
			return CompletableFuture.completedFuture(ForwardedReplies.of(ex));
		}
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	private Message parse(ForwardedCommand command) throws InvalidProtocolBufferException {
		Parser<? extends Message> parser = this.parsers.get(command.commandClass());
		if (parser == null) {
			parser = resolve(command);
			this.parsers.put(command.commandClass(), parser);
		}
		return parser.parseFrom(command.command());
	}

	private static Parser<? extends Message> resolve(ForwardedCommand command) {
		try {
			ClassLoader loader = Thread.currentThread().getContextClassLoader();
			Class<?> generated = Class.forName(command.commandClass(), true,
					(loader != null) ? loader : EngineLocalCommands.class.getClassLoader());
			if (!Message.class.isAssignableFrom(generated)) {
				throw new UnknownEntityTypeException(
						"'" + command.commandClass() + "' is not a protobuf message; it cannot be a command");
			}
			Message prototype = (Message) MethodHandles.publicLookup()
				.findStatic(generated, "getDefaultInstance", MethodType.methodType(generated))
				.invoke();
			if (!prototype.getDescriptorForType().getFullName().equals(command.commandType())) {
				throw new UnknownEntityTypeException("class '" + command.commandClass() + "' is "
						+ prototype.getDescriptorForType().getFullName() + ", not " + command.commandType());
			}
			return prototype.getParserForType();
		}
		catch (EgoException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UnknownEntityTypeException("command type " + command.commandType() + " (class '"
					+ command.commandClass() + "') is not known on instance: " + ex, ex);
		}
	}

	@Override
	public int passivate(Predicate<String> persistenceIds) {
		int left = 0;
		for (EntityType<?> type : this.engine.types()) {
			left += type.passivateWhere(persistenceIds);
		}
		return left;
	}

	@Override
	public String instanceId() {
		return this.engine.instanceId();
	}

	@Override
	public Map<String, Integer> liveEntities() {
		Map<String, Integer> live = new LinkedHashMap<>();
		for (EntityType<?> type : this.engine.types()) {
			live.put(type.name(), type.liveEntities());
		}
		return live;
	}

	@Override
	public int countLive(Predicate<String> persistenceIds) {
		int count = 0;
		for (EntityType<?> type : this.engine.types()) {
			count += type.countLive(persistenceIds);
		}
		return count;
	}

}
