package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.hangar.server.core.Visibility;
import dev.hangar.server.imports.Imported;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model in the registry, as the API shows it ({@link #asSeenByOthers()} to users who do not own it). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
        String id,
        String name,
        String owner,
        ModelStatus status,
        String statusReason,
        String statusReasonCode,
        Map<String, Object> statusReasonParams,
        String description,
        Visibility visibility,
        String task,
        SourceView source,
        @JsonUnwrapped ModelFacts facts,
        Long sizeBytes,
        List<ModelFile> files,
        Instant createdAt,
        Instant updatedAt)
        implements Imported<ModelStatus, Model> {

    /** Where the files are: {@code local} with the path they were registered at. */
    public record SourceView(String type, String path) {}

    /** Why the model has its status, as a message (its English text alone when written before messages had codes). */
    public Message statusReasonMessage() {
        return MessageCode.stored(statusReasonCode, statusReasonParams, statusReason);
    }

    /**
     * What a user other than its owner (and not an admin) sees of a public model: everything but
     * where its files are on the server.
     */
    @Override
    public Model asSeenByOthers() {
        return new Model(
                id,
                name,
                owner,
                status,
                statusReason,
                statusReasonCode,
                statusReasonParams,
                description,
                visibility,
                task,
                new SourceView(source.type(), null),
                facts,
                sizeBytes,
                files,
                createdAt,
                updatedAt);
    }
}
