package io.ego.store.jdbc;

import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import io.ego.core.store.Offset;
import io.ego.core.store.OffsetStore;
import io.ego.core.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;

/**
 * An {@link OffsetStore} on JDBC, one row per (consumer, partition). Its statements join a Spring transaction
 * open on the same data source, so a projection can save its offset in the transaction of its read model.
 *
 * @author eGo team
 * @since 0.1.0
 */
public final class JdbcOffsetStore implements OffsetStore {

	private final StoreContext context;

	private final RowMapper<Offset> mapper;

	/**
	 * Creates a store with the default options.
	 * @param dataSource the database
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcOffsetStore(DataSource dataSource) {
		this(dataSource, JdbcStoreOptions.defaults());
	}

	/**
	 * Creates a store.
	 * @param dataSource the database
	 * @param options the options
	 * @throws StoreException when the database is not supported or the schema is missing
	 */
	public JdbcOffsetStore(DataSource dataSource, JdbcStoreOptions options) {
		this.context = StoreContext.open(dataSource, options, (dialect, tables) -> List.of(tables.consumerOffset()));
		SqlDialect sql = this.context.sql();
		this.mapper = (rs, row) -> new Offset(rs.getString(1), rs.getString(2), rs.getLong(3), sql.instant(rs, 4));
	}

	@Override
	public void save(Offset offset) {
		Checks.identifier("consumer", offset.consumer());
		Checks.identifier("partition", offset.partition());
		SqlDialect sql = this.context.sql();
		StoreContext.run("saving the offset of '" + offset.consumer() + "'", () -> this.context.jdbcTemplate()
			.update(sql.upsertOffset(this.context.tables()), (ps) -> {
				ps.setString(1, offset.consumer());
				ps.setString(2, offset.partition());
				ps.setLong(3, offset.position());
				ps.setObject(4, sql.timestamp(offset.updatedAt()));
			}));
	}

	@Override
	public @Nullable Offset get(String consumer, String partition) {
		Checks.wellFormed("consumer", consumer);
		Checks.wellFormed("partition", partition);
		List<Offset> offsets = StoreContext.call("reading the offset of '" + consumer + "'", () -> this.context.jdbc()
			.sql(select() + " WHERE consumer = ? AND partition_id = ?")
			.params(consumer, partition)
			.query(this.mapper)
			.list());
		return offsets.isEmpty() ? null : offsets.get(0);
	}

	@Override
	public List<Offset> load(String consumer) {
		Checks.wellFormed("consumer", consumer);
		List<Offset> offsets = StoreContext.call("reading the offsets of '" + consumer + "'", () -> this.context.jdbc()
			.sql(select() + " WHERE consumer = ?")
			.param(consumer)
			.query(this.mapper)
			.list());
		// ordered like String.compareTo, whatever the database's collation
		return offsets.stream().sorted(Comparator.comparing(Offset::partition)).toList();
	}

	@Override
	public void delete(String consumer) {
		Checks.wellFormed("consumer", consumer);
		StoreContext.run("deleting the offsets of '" + consumer + "'", () -> this.context.jdbc()
			.sql("DELETE FROM " + this.context.tables().consumerOffset() + " WHERE consumer = ?")
			.param(consumer)
			.update());
	}

	private String select() {
		return "SELECT consumer, partition_id, position, updated_at FROM " + this.context.tables().consumerOffset();
	}

}
