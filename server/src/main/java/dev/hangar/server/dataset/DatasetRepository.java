package dev.hangar.server.dataset;

import dev.hangar.server.core.ColumnText;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.SqlFilter;
import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code datasets}, {@code dataset_files} and {@code dataset_events} tables. */
@Repository
class DatasetRepository {

    private static final String SELECT =
            "select d.*, u.username as owner from datasets d join users u on u.id = d.owner_id ";
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    /** A dataset's row with its owner's id and the fingerprint of its files, which the API view does not show. */
    record Row(Dataset dataset, String ownerId, String fingerprint) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Dataset dataset, String ownerId) {
        jdbc.sql("insert into datasets (id, owner_id, name, description, visibility, public_name, status,"
                        + " source_type, source_path, format, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        dataset.id(),
                        ownerId,
                        dataset.name(),
                        dataset.description(),
                        dataset.visibility().toString(),
                        dataset.visibility() == Visibility.PUBLIC ? dataset.name() : null,
                        dataset.status().toString(),
                        dataset.source().type(),
                        dataset.source().path(),
                        dataset.format().toString(),
                        UtcTimestamps.column(dataset.createdAt()),
                        UtcTimestamps.column(dataset.updatedAt()))
                .update();
    }

    Optional<Row> findById(String id) {
        return jdbc.sql(SELECT + "where d.id = ?").param(id).query(this::map).optional();
    }

    Optional<Row> findByOwnerAndName(String ownerId, String name) {
        return jdbc.sql(SELECT + "where d.owner_id = ? and d.name = ?")
                .params(ownerId, name)
                .query(this::map)
                .optional();
    }

    List<Row> findPublicByName(String name) {
        return jdbc.sql(SELECT + "where d.name = ? and d.visibility = 'public' fetch first 2 rows only")
                .param(name)
                .query(this::map)
                .list();
    }

    List<Row> findByStatus(DatasetStatus status) {
        return jdbc.sql(SELECT + "where d.status = ? order by d.created_at")
                .param(status.toString())
                .query(this::map)
                .list();
    }

    /** The datasets {@code viewerId} may see (all of them for an admin) that match the query. */
    Page<Dataset> list(DatasetQuery query, String viewerId, boolean admin) {
        SqlFilter filter = new SqlFilter();
        if (!admin) {
            filter.and("d.owner_id = :viewer or d.visibility = 'public'", "viewer", viewerId);
        }
        filter.contains(query.q(), "q", List.of("d.name", "d.description"))
                .equal("d.format", "format", query.format())
                .equal("d.data_schema", "schema", query.schema())
                .equal("d.visibility", "visibility", query.visibility())
                .equal("d.status", "status", query.status());
        return filter.page(
                jdbc,
                SELECT,
                "datasets d",
                query.sort().sql,
                query.page(),
                (rs, row) -> map(rs, false).dataset());
    }

    /** Moves a dataset from {@code from} to {@code to}, recording the event; false when it was no longer in {@code from}. */
    boolean transition(String id, DatasetStatus from, DatasetStatus to, String reason, Instant at) {
        int changed = jdbc.sql(
                        "update datasets set status = ?, status_reason = ?, updated_at = ? where id = ? and status = ?")
                .params(to.toString(), ColumnText.fit(reason, 2000), UtcTimestamps.column(at), id, from.toString())
                .update();
        if (changed == 1) {
            recordEvent(id, to, reason, at);
        }
        return changed == 1;
    }

    void recordEvent(String id, DatasetStatus status, String reason, Instant at) {
        jdbc.sql("insert into dataset_events (dataset_id, at, status, reason) values (?, ?, ?, ?)")
                .params(id, UtcTimestamps.column(at), status.toString(), ColumnText.fit(reason, 2000))
                .update();
    }

    List<DatasetEvent> events(String id) {
        return jdbc.sql("select at, status, reason from dataset_events where dataset_id = ? order by id")
                .param(id)
                .query((rs, row) -> new DatasetEvent(
                        UtcTimestamps.read(rs, "at"), DatasetStatus.of(rs.getString("status")), rs.getString("reason")))
                .list();
    }

    /** Stores what the import read from the files; false when the dataset was deleted meanwhile. */
    boolean saveInspection(String id, DatasetInspector.Inspection inspection, String fingerprint, Instant at) {
        int updated = jdbc.sql("update datasets set data_schema = ?, row_count = ?, columns_json = ?, size_bytes = ?,"
                        + " fingerprint = ?, updated_at = ? where id = ?")
                .params(
                        inspection.schema().toString(),
                        inspection.rows(),
                        json.writeValueAsString(inspection.columns()),
                        inspection.sizeBytes(),
                        fingerprint,
                        UtcTimestamps.column(at),
                        id)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("delete from dataset_files where dataset_id = ?").param(id).update();
        for (DatasetFile file : inspection.files()) {
            jdbc.sql("insert into dataset_files (dataset_id, name, size_bytes, row_count, columns_json)"
                            + " values (?, ?, ?, ?, ?)")
                    .params(id, file.name(), file.sizeBytes(), file.rows(), json.writeValueAsString(file.columns()))
                    .update();
        }
        return true;
    }

    void update(String id, String description, Visibility visibility, Instant at) {
        // public_name holds the name of public datasets only; its unique index keeps public names unique
        jdbc.sql("update datasets set description = ?, visibility = ?,"
                        + " public_name = case when ? = 'public' then name end, updated_at = ? where id = ?")
                .params(description, visibility.toString(), visibility.toString(), UtcTimestamps.column(at), id)
                .update();
    }

    void delete(String id) {
        jdbc.sql("delete from datasets where id = ?").param(id).update();
    }

    private Row map(ResultSet rs, int row) throws SQLException {
        return map(rs, true);
    }

    /** Maps a row; lists leave out the files, which only the dataset's own page shows. */
    private Row map(ResultSet rs, boolean withFiles) throws SQLException {
        String id = rs.getString("id");
        String schema = rs.getString("data_schema");
        Dataset dataset = new Dataset(
                id,
                rs.getString("name"),
                rs.getString("owner"),
                DatasetStatus.of(rs.getString("status")),
                rs.getString("status_reason"),
                rs.getString("description"),
                Visibility.of(rs.getString("visibility")),
                DatasetFormat.of(rs.getString("format")),
                schema == null ? null : DatasetSchema.of(schema),
                new DatasetSource(rs.getString("source_type"), rs.getString("source_path")),
                nullableLong(rs, "row_count"),
                names(rs.getString("columns_json")),
                nullableLong(rs, "size_bytes"),
                withFiles ? files(id) : null,
                UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "updated_at"));
        return new Row(dataset, rs.getString("owner_id"), rs.getString("fingerprint"));
    }

    private List<DatasetFile> files(String id) {
        return jdbc.sql("select name, size_bytes, row_count, columns_json from dataset_files where dataset_id = ?"
                        + " order by name")
                .param(id)
                .query((rs, row) -> new DatasetFile(
                        rs.getString("name"),
                        rs.getLong("size_bytes"),
                        rs.getLong("row_count"),
                        names(rs.getString("columns_json"))))
                .list();
    }

    private List<String> names(String columnsJson) {
        return columnsJson == null ? null : json.readValue(columnsJson, NAMES);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
