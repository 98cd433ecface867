package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.Imported;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dataset in the registry, as the API shows it ({@link #asSeenByOthers()} to users who do not own
 * it). {@code rows}, {@code columns} and {@code schema} are totals over its files, known once it is
 * ready; lists leave {@code files} out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dataset(
        String id,
        String name,
        String owner,
        DatasetStatus status,
        String statusReason,
        String statusReasonCode,
        Map<String, Object> statusReasonParams,
        String description,
        Visibility visibility,
        DatasetFormat format,
        DatasetSchema schema,
        DatasetSource source,
        Long rows,
        List<String> columns,
        Long sizeBytes,
        List<DatasetFile> files,
        Instant createdAt,
        Instant updatedAt)
        implements Imported<DatasetStatus, Dataset> {

    /**
     * What a user other than its owner (and not an admin) sees of a public dataset: everything but
     * where its files are on the server.
     */
    @Override
    public Dataset asSeenByOthers() {
        return new Dataset(
                id,
                name,
                owner,
                status,
                statusReason,
                statusReasonCode,
                statusReasonParams,
                description,
                visibility,
                format,
                schema,
                new DatasetSource(source.type(), null),
                rows,
                columns,
                sizeBytes,
                files,
                createdAt,
                updatedAt);
    }
}
