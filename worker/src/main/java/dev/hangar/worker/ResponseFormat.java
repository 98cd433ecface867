package dev.hangar.worker;

import dev.hangar.worker.grammar.JsonSchemaGrammar;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code response_format} as the grammar the output must follow: none for {@code text}, any JSON object for
 * {@code json_object}, the schema's grammar for {@code json_schema} ({@link JsonSchemaGrammar}: a schema it cannot
 * follow is a 400 naming the keyword).
 */
final class ResponseFormat {
    private ResponseFormat() {}

    /** The grammar for the request's {@code response_format}; empty when it asks for plain text or says nothing. */
    static Optional<String> grammar(RequestBody body) {
        Optional<RequestBody> format = body.object("response_format");
        if (format.isEmpty()) {
            return Optional.empty();
        }
        String type = format.get()
                .string("type")
                .orElseThrow(() -> ApiError.badRequest("'response_format.type' is required", "response_format"));
        return switch (type) {
            case "text" -> Optional.empty();
            case "json_object" -> Optional.of(JsonSchemaGrammar.forAnyObject());
            case "json_schema" -> {
                RequestBody schema = format.get()
                        .object("json_schema")
                        .orElseThrow(() -> ApiError.badRequest(
                                "'response_format.json_schema' is required for type json_schema", "response_format"));
                JsonNode node = schema.field("schema")
                        .filter(JsonNode::isObject)
                        .orElseThrow(() -> ApiError.badRequest(
                                "'response_format.json_schema.schema' must be a JSON schema object",
                                "response_format"));
                yield Optional.of(JsonSchemaGrammar.forSchema(node));
            }
            default ->
                throw ApiError.badRequest(
                        "'response_format.type' must be text, json_object or json_schema, not '" + type + "'",
                        "response_format");
        };
    }
}
