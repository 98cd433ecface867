package dev.hangar.server.imports;

import dev.hangar.server.core.ColumnText;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.SqlFilter;
import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.StoredParams;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows every kind of imported thing has: the thing with its owner, name, visibility, status
 * and source, and its status changes as events. Each kind maps its own columns ({@link #map}) and
 * stores what its import learned.
 *
 * @param <V> the thing's API view
 * @param <R> its stored row
 * @param <S> its statuses
 * @param <E> the API view of one of its events
 */
public abstract class ImportedRepository<
        V extends Imported<S, V>, R extends ImportedRow<V>, S extends Enum<S> & ImportStatus<S>, E> {

    protected final JdbcClient jdbc;
    protected final ImportedKind<S, E> kind;
    private final String select;

    protected ImportedRepository(JdbcClient jdbc, ImportedKind<S, E> kind) {
        this.jdbc = jdbc;
        this.kind = kind;
        this.select = "select " + kind.alias() + ".*, u.username as owner from " + kind.table() + " " + kind.alias()
                + " join users u on u.id = " + kind.column("owner_id") + " ";
    }

    /**
     * Maps a row of the thing with its owner's username ({@code owner}); lists leave out the files,
     * which only the thing's own page shows.
     */
    protected abstract R map(ResultSet rs, boolean withFiles) throws SQLException;

    /** The kind it stores; read through this method, as the repository a service holds may be a proxy. */
    public ImportedKind<S, E> kind() {
        return kind;
    }

    private R withFiles(ResultSet rs, int row) throws SQLException {
        return map(rs, true);
    }

    /**
     * The columns of a new thing that are its kind's own, its source among them ({@code source_type},
     * {@code source_path}).
     */
    protected abstract Map<String, ?> ownColumns(V artifact);

    /**
     * Stores a new thing: the columns every kind has and its kind's own. Its name is its public name
     * only while it is public; the unique index on public names keeps those unique.
     */
    public void insert(V artifact, String ownerId) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", artifact.id());
        columns.put("owner_id", ownerId);
        columns.put("name", artifact.name());
        columns.put("description", artifact.description());
        columns.put("visibility", artifact.visibility().toString());
        columns.put("public_name", artifact.visibility() == Visibility.PUBLIC ? artifact.name() : null);
        columns.put("status", artifact.status().toString());
        columns.putAll(ownColumns(artifact));
        columns.put("created_at", UtcTimestamps.column(artifact.createdAt()));
        columns.put("updated_at", UtcTimestamps.column(artifact.updatedAt()));
        jdbc.sql("insert into " + kind.table() + " (" + String.join(", ", columns.keySet()) + ") values ("
                        + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")
                .params(new ArrayList<>(columns.values()))
                .update();
    }

    /**
     * A thing's files as rows of {@code <noun>_files}: of {@code columns} (after the one naming the
     * thing), with the values {@code row} gives each file.
     */
    public record FileRows<F>(List<F> files, List<String> columns, Function<F, List<?>> row) {}

    /**
     * Stores what an import learned: {@code set}, the kind's own {@code column = ?} assignments, with
     * their {@code values}, the fingerprint of the files it read, and those files in place of the
     * ones before. False when the thing was deleted meanwhile.
     */
    protected <F> boolean saveImport(
            String id, String set, List<?> values, String fingerprint, FileRows<F> files, Instant at) {
        List<Object> params = new ArrayList<>(values);
        params.add(fingerprint);
        params.add(UtcTimestamps.column(at));
        params.add(id);
        int updated = jdbc.sql(
                        "update " + kind.table() + " set " + set + ", fingerprint = ?, updated_at = ? where id = ?")
                .params(params)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("delete from " + kind.filesTable() + " where " + kind.key() + " = ?")
                .param(id)
                .update();
        String insert =
                "insert into " + kind.filesTable() + " (" + kind.key() + ", " + String.join(", ", files.columns())
                        + ") values (?" + ", ?".repeat(files.columns().size()) + ")";
        for (F file : files.files()) {
            List<Object> row = new ArrayList<>();
            row.add(id);
            row.addAll(files.row().apply(file));
            jdbc.sql(insert).params(row).update();
        }
        return true;
    }

    public Optional<R> findById(String id) {
        return jdbc.sql(select + "where " + kind.column("id") + " = ?")
                .param(id)
                .query(this::withFiles)
                .optional();
    }

    public Optional<R> findByOwnerAndName(String ownerId, String name) {
        return jdbc.sql(select + "where " + kind.column("owner_id") + " = ? and " + kind.column("name") + " = ?")
                .params(ownerId, name)
                .query(this::withFiles)
                .optional();
    }

    /** The public things of a name; two are enough to know the name is ambiguous. */
    public List<R> findPublicByName(String name) {
        return jdbc.sql(select + "where " + kind.column("name") + " = ? and " + kind.column("visibility")
                        + " = 'public' fetch first 2 rows only")
                .param(name)
                .query(this::withFiles)
                .list();
    }

    public List<R> findByStatus(S status) {
        return jdbc.sql(select + "where " + kind.column("status") + " = ? order by " + kind.column("created_at"))
                .param(status.toString())
                .query(this::withFiles)
                .list();
    }

    /** The things whose import a stop cut off, oldest first, for the next start to pick up. */
    public List<R> findInProgress() {
        return jdbc.sql(select + "where " + kind.column("status") + " in (:statuses) and (" + readyToImport()
                        + ") order by " + kind.column("created_at"))
                .param(
                        "statuses",
                        kind.inProgress().stream().map(Object::toString).toList())
                .query(this::withFiles)
                .list();
    }

    /** The condition a thing in progress must meet for its import to run, e.g. that its upload is complete. */
    protected String readyToImport() {
        return "1 = 1";
    }

    /**
     * The things {@code viewerId} may see (all of them for an admin) that match the query: its text
     * in any of the {@code searched} columns, its visibility and status, and the kind's own filters.
     */
    protected Page<V> list(
            ImportedQuery<S> query,
            String viewerId,
            boolean admin,
            List<String> searched,
            Consumer<SqlFilter> ownFilters) {
        SqlFilter filter = new SqlFilter();
        if (!admin) {
            filter.and(
                    kind.column("owner_id") + " = :viewer or " + kind.column("visibility") + " = 'public'",
                    "viewer",
                    viewerId);
        }
        filter.contains(query.q(), "q", searched.stream().map(kind::column).toList())
                .equal(kind.column("visibility"), "visibility", query.visibility())
                .equal(kind.column("status"), "status", query.status());
        ownFilters.accept(filter);
        return filter.page(
                jdbc,
                select,
                kind.table() + " " + kind.alias(),
                query.orderBy(),
                query.page(),
                (rs, row) -> map(rs, false).artifact());
    }

    /**
     * Moves a thing from {@code from} to {@code to}, recording the event; false when it was no longer
     * in {@code from}. A move its statuses do not allow is a bug, refused before anything is written.
     */
    public boolean transition(String id, S from, S to, Message reason, Instant at) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException(kind.noun() + " " + id + " cannot move from " + from + " to " + to);
        }
        int changed = jdbc.sql("update " + kind.table() + " set status = ?, status_reason = ?, status_reason_code = ?,"
                        + " status_reason_params = ?, updated_at = ? where id = ? and status = ?")
                .params(
                        to.toString(),
                        ColumnText.fit(reason.text(), 2000),
                        reason.code(),
                        StoredParams.write(reason, 4000),
                        UtcTimestamps.column(at),
                        id,
                        from.toString())
                .update();
        if (changed == 1) {
            recordEvent(id, to, reason, at);
        }
        return changed == 1;
    }

    public void recordEvent(String id, S status, Message reason, Instant at) {
        jdbc.sql("insert into " + kind.eventTable() + " (" + kind.key()
                        + ", at, status, reason, code, params) values (?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        UtcTimestamps.column(at),
                        status.toString(),
                        ColumnText.fit(reason.text(), 2000),
                        reason.code(),
                        StoredParams.write(reason, 4000))
                .update();
    }

    /** A thing's status changes, oldest first. */
    public List<E> events(String id) {
        return jdbc.sql("select at, status, reason, code, params from " + kind.eventTable() + " where " + kind.key()
                        + " = ? order by id")
                .param(id)
                .query((rs, row) -> kind.event()
                        .of(
                                UtcTimestamps.read(rs, "at"),
                                kind.status().apply(rs.getString("status")),
                                rs.getString("reason"),
                                rs.getString("code"),
                                StoredParams.read(rs.getString("params"))))
                .list();
    }

    /**
     * Changes what an owner may change: description and visibility, then {@code own}, the kind's own
     * columns. Its name becomes its public name while it is public; the unique index on public
     * names refuses a second one.
     */
    public void update(String id, String description, Visibility visibility, Instant at, Map<String, ?> own) {
        StringBuilder sql = new StringBuilder("update " + kind.table()
                + " set description = ?, visibility = ?, public_name = case when ? = 'public' then name end");
        List<Object> params = new ArrayList<>(Arrays.asList(description, visibility.toString(), visibility.toString()));
        own.forEach((column, value) -> {
            sql.append(", ").append(column).append(" = ?");
            params.add(value);
        });
        sql.append(", updated_at = ? where id = ?");
        params.add(UtcTimestamps.column(at));
        params.add(id);
        jdbc.sql(sql.toString()).params(params).update();
    }

    public boolean delete(String id) {
        return jdbc.sql("delete from " + kind.table() + " where id = ?")
                        .param(id)
                        .update()
                > 0;
    }

    /** A nullable number column. */
    protected static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
