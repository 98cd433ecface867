package dev.hangar.server.dataset;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code datasets}, {@code dataset_files} and {@code dataset_events} tables. */
@Repository
class DatasetRepository extends ImportedRepository<Dataset, DatasetRepository.Row, DatasetStatus, DatasetEvent> {

    static final ImportedKind<DatasetStatus, DatasetEvent> KIND = new ImportedKind<>(
            "dataset",
            MessageCode.NOUN_DATASET,
            "datasets",
            "d",
            DatasetStatus::of,
            DatasetStatus.IMPORTING,
            DatasetStatus.READY,
            DatasetStatus.FAILED,
            DatasetEvent::new);

    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    /** A dataset's row with its owner's id and the fingerprint of its files, which the API view does not show. */
    record Row(Dataset dataset, String ownerId, String fingerprint) implements ImportedRow<Dataset> {

        @Override
        public Dataset artifact() {
            return dataset;
        }
    }

    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JsonMapper json) {
        super(jdbc, KIND);
        this.json = json;
    }

    @Override
    protected Map<String, ?> ownColumns(Dataset dataset) {
        return Map.of(
                "source_type", dataset.source().type(),
                "source_path", dataset.source().path(),
                "format", dataset.format().toString());
    }

    /** The datasets {@code viewerId} may see (all of them for an admin) that match the query. */
    Page<Dataset> list(DatasetQuery query, String viewerId, boolean admin) {
        return list(
                query,
                viewerId,
                admin,
                List.of("name", "description"),
                filter -> filter.equal("d.format", "format", query.format())
                        .equal("d.data_schema", "schema", query.schema()));
    }

    /** Stores what the import read from the files; false when the dataset was deleted meanwhile. */
    boolean saveInspection(String id, DatasetInspector.Inspection inspection, String fingerprint, Instant at) {
        return saveImport(
                id,
                "data_schema = ?, row_count = ?, columns_json = ?, size_bytes = ?",
                List.of(
                        inspection.schema().toString(),
                        inspection.rows(),
                        json.writeValueAsString(inspection.columns()),
                        inspection.sizeBytes()),
                fingerprint,
                new FileRows<>(
                        inspection.files(),
                        List.of("name", "size_bytes", "row_count", "columns_json"),
                        file -> Arrays.asList(
                                file.name(), file.sizeBytes(), file.rows(), json.writeValueAsString(file.columns()))),
                at);
    }

    @Override
    protected Row map(ResultSet rs, boolean withFiles) throws SQLException {
        String id = rs.getString("id");
        String schema = rs.getString("data_schema");
        Dataset dataset = new Dataset(
                id,
                rs.getString("name"),
                rs.getString("owner"),
                DatasetStatus.of(rs.getString("status")),
                rs.getString("status_reason"),
                rs.getString("status_reason_code"),
                StoredParams.read(rs.getString("status_reason_params")),
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
}
