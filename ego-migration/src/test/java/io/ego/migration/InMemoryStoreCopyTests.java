package io.ego.migration;

/** In-memory stores to in-memory stores. */
class InMemoryStoreCopyTests extends StoreCopyContract {

	private final MigrationStores source = MigrationStores.inMemory();

	private final MigrationStores target = MigrationStores.inMemory();

	@Override
	MigrationStores source() {
		return this.source;
	}

	@Override
	MigrationStores target() {
		return this.target;
	}

}
