package dev.hangar.worker;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code POST /tokenize} and {@code POST /detokenize} in llama-server's shapes: the model's own tokenizer, for tools and
 * for checking token counts.
 */
final class TokenizeRoutes {
    /** Token ids per /detokenize request. */
    static final int MAX_TOKENS = 1 << 20;

    private final CompletionService completions;

    TokenizeRoutes(CompletionService completions) {
        this.completions = completions;
    }

    /** {@code {"content": "...", "add_special": false}} → {@code {"tokens": [...]}}. */
    void tokenize(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        String content =
                body.string("content").orElseThrow(() -> ApiError.badRequest("'content' must be a string", "content"));
        int[] tokens = completions.engine().tokenize(content, body.flag("add_special"));
        ArrayNode array = call.json().createArrayNode();
        for (int token : tokens) {
            array.add(token);
        }
        call.sendJson(200, call.json().createObjectNode().set("tokens", array));
    }

    /** {@code {"tokens": [...]}} → {@code {"content": "..."}}. */
    void detokenize(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        JsonNode array = body.field("tokens")
                .filter(JsonNode::isArray)
                .orElseThrow(() -> ApiError.badRequest("'tokens' must be a list of token ids", "tokens"));
        if (array.size() > MAX_TOKENS) {
            throw ApiError.badRequest("'tokens' holds at most " + MAX_TOKENS + " ids", "tokens");
        }
        LlamaEngine engine = completions.engine();
        int vocabulary = engine.vocab().size();
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || id.asLong() < 0 || id.asLong() >= vocabulary) {
                throw ApiError.badRequest(
                        "'tokens[" + i + "]' must be a token id from 0 to " + (vocabulary - 1), "tokens");
            }
            tokens[i] = id.asInt();
        }
        call.sendJson(
                200,
                call.json().createObjectNode().put("content", engine.vocab().detokenize(tokens)));
    }
}
