package dev.hangar.server.registry;

import dev.hangar.server.core.ColumnText;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.UtcTimestamps;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.ImportedKind;
import dev.hangar.server.imports.ImportedRepository;
import dev.hangar.server.imports.ImportedRow;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.message.StoredParams;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code models}, {@code model_files} and {@code model_events} tables. */
@Repository
class ModelRepository extends ImportedRepository<Model, ModelRepository.Row, ModelStatus, ModelEvent> {

    static final ImportedKind<ModelStatus, ModelEvent> KIND = new ImportedKind<>(
            "model",
            MessageCode.NOUN_MODEL,
            "models",
            "m",
            ModelStatus::of,
            ModelStatus.IMPORTING,
            ModelStatus.READY,
            ModelStatus.FAILED,
            ModelEvent::new);

    /** A model's row with its owner's id, which the API view does not show. */
    record Row(Model model, String ownerId, String fingerprint, boolean awaitingUpload) implements ImportedRow<Model> {

        @Override
        public Model artifact() {
            return model;
        }
    }

    ModelRepository(JdbcClient jdbc) {
        super(jdbc, KIND);
    }

    @Override
    protected Map<String, ?> ownColumns(Model model) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("source_type", model.source().type());
        columns.put("source_path", model.source().path());
        columns.put("task", model.task());
        return columns;
    }

    /** The ids of the models {@code ownerId} registered by upload: what counts against their storage quota. */
    List<String> uploadIdsOwnedBy(String ownerId) {
        return jdbc.sql("select id from models where owner_id = ? and source_type = 'upload'")
                .param(ownerId)
                .query(String.class)
                .list();
    }

    /** An upload's import waits for its last file. */
    @Override
    protected String readyToImport() {
        return "m.source_type <> 'upload' or m.upload_completed_at is not null";
    }

    /** The models {@code viewerId} may see (all of them for an admin) that match the query. */
    Page<Model> list(ModelQuery query, String viewerId, boolean admin) {
        return list(
                query,
                viewerId,
                admin,
                List.of("name", "description", "architecture"),
                filter -> filter.equal("m.format", "format", query.format())
                        .equal("m.architecture", "architecture", query.architecture())
                        .equal("m.task", "task", query.task()));
    }

    /** Stores what the import learned; false when the model was deleted meanwhile. */
    boolean saveFacts(
            String id, ModelFacts facts, long sizeBytes, String fingerprint, List<ModelFile> files, Instant at) {
        return saveImport(
                id,
                "format = ?, architecture = ?, parameter_count = ?, context_length = ?, embedding_length = ?,"
                        + " layers = ?, heads = ?, kv_heads = ?, quantization = ?, tokenizer = ?, vocab_size = ?,"
                        + " chat_template = ?, license = coalesce(license, ?), adapter_for = ?, size_bytes = ?",
                Arrays.asList(
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
                        sizeBytes),
                fingerprint,
                new FileRows<>(
                        files,
                        List.of("name", "size_bytes", "sha256"),
                        file -> Arrays.asList(file.name(), file.sizeBytes(), file.sha256())),
                at);
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

    @Override
    protected Row map(ResultSet rs, boolean withFiles) throws SQLException {
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
                rs.getString("status_reason_code"),
                StoredParams.read(rs.getString("status_reason_params")),
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
}
