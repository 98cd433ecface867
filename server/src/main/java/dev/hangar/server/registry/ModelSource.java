package dev.hangar.server.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Where a model's files come from, as given to {@code POST /api/v1/models}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ModelSource.Local.class, name = "local"),
    @JsonSubTypes.Type(value = ModelSource.Upload.class, name = "upload"),
    @JsonSubTypes.Type(value = ModelSource.Hub.class, name = "hub"),
    @JsonSubTypes.Type(value = ModelSource.S3.class, name = "s3")
})
// The mapping puts the wire names ("local", not the class name) into the OpenAPI spec, which types the UI's client.
@Schema(
        discriminatorProperty = "type",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "local", schema = ModelSource.Local.class),
            @DiscriminatorMapping(value = "upload", schema = ModelSource.Upload.class),
            @DiscriminatorMapping(value = "hub", schema = ModelSource.Hub.class),
            @DiscriminatorMapping(value = "s3", schema = ModelSource.S3.class)
        })
public sealed interface ModelSource {

    String type();

    /** A file or directory on this machine, registered in place (not copied). */
    record Local(@NotBlank @Size(max = 4096) String path) implements ModelSource {
        @Override
        public String type() {
            return "local";
        }
    }

    /** Files the client uploads next ({@code PUT /api/v1/models/{id}/files/{name}}) into the model store. */
    record Upload() implements ModelSource {
        @Override
        public String type() {
            return "upload";
        }
    }

    /** A HuggingFace-compatible hub repository. */
    record Hub(String repo, String revision, String endpoint, java.util.List<String> include) implements ModelSource {
        @Override
        public String type() {
            return "hub";
        }
    }

    /** An object store prefix. */
    record S3(String uri) implements ModelSource {
        @Override
        public String type() {
            return "s3";
        }
    }
}
