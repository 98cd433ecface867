package dev.hangar.worker;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code response_format} as the grammar the output must follow: none for {@code text}, any JSON object for
 * {@code json_object}, the schema's grammar for {@code json_schema}.
 */
final class ResponseFormat {
    /** A JSON object (RFC 8259), with at most one space between tokens and nothing after the closing brace. */
    static final String JSON_OBJECT_GRAMMAR = """
            root ::= object
            value ::= object | array | string | number | "true" | "false" | "null"
            object ::= "{" ws ( member ( "," ws member )* )? "}"
            member ::= string ws ":" ws value ws
            array ::= "[" ws ( value ws ( "," ws value ws )* )? "]"
            string ::= "\\"" ( [^"\\\\\\x7F\\x00-\\x1F] | "\\\\" ( ["\\\\/bfnrt] | "u" [0-9a-fA-F]{4} ) )* "\\""
            number ::= "-"? ( "0" | [1-9] [0-9]{0,15} ) ( "." [0-9]+ )? ( [eE] [-+]? [0-9]+ )?
            ws ::= " "?
            """;

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
            case "json_object" -> Optional.of(JSON_OBJECT_GRAMMAR);
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
                yield Optional.of(schemaGrammar(node));
            }
            default ->
                throw ApiError.badRequest(
                        "'response_format.type' must be text, json_object or json_schema, not '" + type + "'",
                        "response_format");
        };
    }

    /**
     * The GBNF grammar of a JSON schema. The worker's schema converter ({@code JsonSchemaGrammar}) plugs in here; it
     * throws a 400 {@link ApiError} for a schema it cannot convert.
     */
    private static String schemaGrammar(JsonNode schema) {
        throw ApiError.badRequest(
                "'response_format' json_schema is not supported by this worker build yet (json_object is)",
                "response_format");
    }
}
