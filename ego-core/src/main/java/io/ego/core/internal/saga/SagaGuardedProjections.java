package io.ego.core.internal.saga;

import java.util.List;
import java.util.Map;

import io.ego.core.projection.ProjectionStatus;
import io.ego.core.projection.Projections;
import io.ego.core.projection.RebuildFrom;
import io.ego.core.store.DeadLetter;

/**
 * The engine's projection operations, refusing to rebuild a saga's reader or dispatcher:
 * a dispatcher read again would send steps long done a second time (beyond the targets'
 * deduplication window), and a reader's history is already in its instances.
 *
 * @author eGo team
 * @since 0.2.0
 */
final class SagaGuardedProjections implements Projections {

	private final Projections projections;

	/** The saga each reader or dispatcher belongs to, by projection name. */
	private final Map<String, String> sagaByProjection;

	SagaGuardedProjections(Projections projections, Map<String, String> sagaByProjection) {
		this.projections = projections;
		this.sagaByProjection = Map.copyOf(sagaByProjection);
	}

	@Override
	public List<String> names() {
		return this.projections.names();
	}

	@Override
	public List<ProjectionStatus> list() {
		return this.projections.list();
	}

	@Override
	public ProjectionStatus status(String name) {
		return this.projections.status(name);
	}

	@Override
	public void start(String name) {
		this.projections.start(name);
	}

	@Override
	public void stop(String name) {
		this.projections.stop(name);
	}

	@Override
	public void pause(String name) {
		this.projections.pause(name);
	}

	@Override
	public void resume(String name) {
		this.projections.resume(name);
	}

	@Override
	public long rebuild(String name, RebuildFrom from) {
		refuseSagaMachinery(name);
		return this.projections.rebuild(name, from);
	}

	@Override
	public long rebuildBlueGreen(String name, RebuildFrom from) {
		refuseSagaMachinery(name);
		return this.projections.rebuildBlueGreen(name, from);
	}

	private void refuseSagaMachinery(String name) {
		String saga = this.sagaByProjection.get(name);
		if (saga != null) {
			throw new UnsupportedOperationException("projection '" + name + "' runs saga '" + saga
					+ "' and cannot be rebuilt: reading the journal again would send the steps of finished "
					+ "instances again; retry or cancel instances through the sagas' operations instead");
		}
	}

	@Override
	public int activeVersion(String name) {
		return this.projections.activeVersion(name);
	}

	@Override
	public List<DeadLetter> deadLetters(String name, int limit) {
		return this.projections.deadLetters(name, limit);
	}

	@Override
	public boolean retryDeadLetter(long id) {
		return this.projections.retryDeadLetter(id);
	}

	@Override
	public void deleteDeadLetter(long id) {
		this.projections.deleteDeadLetter(id);
	}

}
