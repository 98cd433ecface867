package dev.hangar.server.registry;

import dev.hangar.server.core.ColumnText;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.SqlFilter;
import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code models}, {@code model_files} and {@code model_events} tables. */
@Repository
class ModelRepository {

    private static final String SELECT =
            "select m.*, u.username as owner from models m join users u on u.id = m.owner_id ";

    /** A model's row with its owner's id, which the API view does not show. */
    record Row(Model model, String ownerId, String fingerprint, boolean awaitingUpload) {}

    private final JdbcClient jdbc;

    ModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Model model, String ownerId) {
        jdbc.sql(
                        "insert into models (id, owner_id, name, description, visibility, public_name, task, status,"
                                + " source_type, source_path, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        model.id(),
                        ownerId,
                        model.name(),
                        model.description(),
                        model.visibility().toString(),
                        model.visibility() == Visibility.PUBLIC ? model.name() : null,
                        model.task(),
                        model.status().toString(),
                        model.source().type(),
                        model.source().path(),
                        UtcTimestamps.column(model.createdAt()),
                        UtcTimestamps.column(model.updatedAt()))
                .update();
    }

    /** The ids of the models {@code ownerId} registered by upload: what counts against their storage quota. */
    List<String> uploadIdsOwnedBy(String ownerId) {
        return jdbc.sql("select id from models where owner_id = ? and source_type = 'upload'")
                .param(ownerId)
                .query(String.class)
                .list();
    }

    Optional<Row> findById(String id) {
        return jdbc.sql(SELECT + "where m.id = ?").param(id).query(this::map).optional();
    }

    Optional<Row> findByOwnerAndName(String ownerId, String name) {
        return jdbc.sql(SELECT + "where m.owner_id = ? and m.name = ?")
                .params(ownerId, name)
                .query(this::map)
                .optional();
    }

    List<Row> findPublicByName(String name) {
        return jdbc.sql(SELECT + "where m.name = ? and m.visibility = 'public' fetch first 2 rows only")
                .param(name)
                .query(this::map)
                .list();
    }

    List<Row> findInProgress() {
        return jdbc.sql(SELECT + "where m.status in ('importing', 'scanning')"
                        + " and (m.source_type <> 'upload' or m.upload_completed_at is not null) order by m.created_at")
                .query(this::map)
                .list();
    }

    List<Row> findByStatus(ModelStatus status) {
        return jdbc.sql(SELECT + "where m.status = ? order by m.created_at")
                .param(status.toString())
                .query(this::map)
                .list();
    }

    /** The models {@code viewerId} may see (all of them for an admin) that match the query. */
    Page<Model> list(ModelQuery query, String viewerId, boolean admin) {
        SqlFilter filter = new SqlFilter();
        if (!admin) {
            filter.and("m.owner_id = :viewer or m.visibility = 'public'", "viewer", viewerId);
        }
        filter.contains(query.q(), "q", List.of("m.name", "m.description", "m.architecture"))
                .equal("m.format", "format", query.format())
                .equal("m.architecture", "architecture", query.architecture())
                .equal("m.task", "task", query.task())
                .equal("m.visibility", "visibility", query.visibility())
                .equal("m.status", "status", query.status());
        return filter.page(
                jdbc,
                SELECT,
                "models m",
                query.sort().sql,
                query.page(),
                (rs, row) -> map(rs, false).model());
    }

    /** Moves a model from {@code from} to {@code to}, recording the event; false when it was no longer in {@code from}. */
    boolean transition(String id, ModelStatus from, ModelStatus to, String reason, Instant at) {
        int changed = jdbc.sql(
                        "update models set status = ?, status_reason = ?, updated_at = ? where id = ? and status = ?")
                .params(to.toString(), ColumnText.fit(reason, 2000), UtcTimestamps.column(at), id, from.toString())
                .update();
        if (changed == 1) {
            recordEvent(id, to, reason, at);
        }
        return changed == 1;
    }

    void recordEvent(String id, ModelStatus status, String reason, Instant at) {
        jdbc.sql("insert into model_events (model_id, at, status, reason) values (?, ?, ?, ?)")
                .params(id, UtcTimestamps.column(at), status.toString(), ColumnText.fit(reason, 2000))
                .update();
    }

    List<ModelEvent> events(String id) {
        return jdbc.sql("select at, status, reason from model_events where model_id = ? order by id")
                .param(id)
                .query((rs, row) -> new ModelEvent(
                        UtcTimestamps.read(rs, "at"), ModelStatus.of(rs.getString("status")), rs.getString("reason")))
                .list();
    }

    /** Stores what the import learned; false when the model was deleted meanwhile. */
    boolean saveFacts(
            String id, ModelFacts facts, long sizeBytes, String fingerprint, List<ModelFile> files, Instant at) {
        int updated = jdbc.sql(
                        "update models set format = ?, architecture = ?, parameter_count = ?, context_length = ?,"
                                + " embedding_length = ?, layers = ?, heads = ?, kv_heads = ?, quantization = ?, tokenizer = ?,"
                                + " vocab_size = ?, chat_template = ?, license = coalesce(license, ?), adapter_for = ?,"
                                + " size_bytes = ?, fingerprint = ?, updated_at = ? where id = ?")
                .params(
                        facts.format() == null ? null : facts.format().toString(),
                        ColumnText.fit(facts.architecture(), 128),
                        facts.parameterCount(),
                        facts.contextLength(),
                        facts.embeddingLength(),
                        facts.layers(),
                        facts.heads(),
                        facts.kvHeads(),
                        ColumnText.fit(facts.quantization(), 64),
                        ColumnText.fit(facts.tokenizer(), 64),
                        facts.vocabSize(),
                        facts.chatTemplate(),
                        ColumnText.fit(facts.license(), 256),
                        ColumnText.fit(facts.adapterFor(), 1024),
                        sizeBytes,
                        fingerprint,
                        UtcTimestamps.column(at),
                        id)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("delete from model_files where model_id = ?").param(id).update();
        for (ModelFile file : files) {
            jdbc.sql("insert into model_files (model_id, name, size_bytes, sha256) values (?, ?, ?, ?)")
                    .params(id, file.name(), file.sizeBytes(), file.sha256())
                    .update();
        }
        return true;
    }

    void markUploadComplete(String id, Instant at) {
        jdbc.sql("update models set upload_completed_at = ?, updated_at = ? where id = ?")
                .params(UtcTimestamps.column(at), UtcTimestamps.column(at), id)
                .update();
    }

    void setTask(String id, String task) {
        jdbc.sql("update models set task = coalesce(task, ?) where id = ?")
                .params(task, id)
                .update();
    }

    void setSha256(String id, String file, String sha256) {
        jdbc.sql("update model_files set sha256 = ? where model_id = ? and name = ?")
                .params(sha256, id, file)
                .update();
    }

    void update(String id, String description, Visibility visibility, String task, String license, Instant at) {
        // public_name holds the name of public models only; its unique index keeps public names unique
        jdbc.sql(
                        "update models set description = ?, visibility = ?, public_name = case when ? = 'public' then name end,"
                                + " task = ?, license = ?, updated_at = ? where id = ?")
                .params(
                        description,
                        visibility.toString(),
                        visibility.toString(),
                        task,
                        license,
                        UtcTimestamps.column(at),
                        id)
                .update();
    }

    boolean delete(String id) {
        return jdbc.sql("delete from models where id = ?").param(id).update() > 0;
    }

    private Row map(ResultSet rs, int row) throws SQLException {
        return map(rs, true);
    }

    /** Maps a row; lists leave out the files, which only the model's own page shows. */
    private Row map(ResultSet rs, boolean withFiles) throws SQLException {
        String id = rs.getString("id");
        String format = rs.getString("format");
        ModelFacts facts = new ModelFacts(
                format == null ? null : ModelFormat.of(format),
                rs.getString("architecture"),
                nullableLong(rs, "parameter_count"),
                nullableLong(rs, "context_length"),
                nullableLong(rs, "embedding_length"),
                nullableLong(rs, "layers"),
                nullableLong(rs, "heads"),
                nullableLong(rs, "kv_heads"),
                rs.getString("quantization"),
                rs.getString("tokenizer"),
                nullableLong(rs, "vocab_size"),
                rs.getString("chat_template"),
                rs.getString("license"),
                rs.getString("adapter_for"));
        Model model = new Model(
                id,
                rs.getString("name"),
                rs.getString("owner"),
                ModelStatus.of(rs.getString("status")),
                rs.getString("status_reason"),
                rs.getString("description"),
                Visibility.of(rs.getString("visibility")),
                rs.getString("task"),
                new Model.SourceView(rs.getString("source_type"), rs.getString("source_path")),
                facts,
                nullableLong(rs, "size_bytes"),
                withFiles ? files(id) : null,
                UtcTimestamps.read(rs, "created_at"),
                UtcTimestamps.read(rs, "updated_at"));
        boolean awaitingUpload =
                "upload".equals(rs.getString("source_type")) && rs.getObject("upload_completed_at") == null;
        return new Row(model, rs.getString("owner_id"), rs.getString("fingerprint"), awaitingUpload);
    }

    private List<ModelFile> files(String id) {
        return new ArrayList<>(
                jdbc.sql("select name, size_bytes, sha256 from model_files where model_id = ? order by name")
                        .param(id)
                        .query((rs, row) ->
                                new ModelFile(rs.getString("name"), rs.getLong("size_bytes"), rs.getString("sha256")))
                        .list());
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
