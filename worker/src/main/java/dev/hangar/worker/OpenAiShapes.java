package dev.hangar.worker;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds the response and chunk objects of OpenAI's completion APIs, as in ../shared/facts (sections 1 and 2). */
final class OpenAiShapes {
    private final JsonMapper json;
    private final CompletionIds ids;
    private final String modelName;

    OpenAiShapes(JsonMapper json, CompletionIds ids, String modelName) {
        this.json = json;
        this.ids = ids;
        this.modelName = modelName;
    }

    String newId(String prefix) {
        return ids.next(prefix);
    }

    ObjectNode chatCompletion(String id, Completion completion) {
        ObjectNode body = header(id, "chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", completion.generation().text())
                .putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.generation().finishReason().wireName());
        usage(body, completion);
        return body;
    }

    ObjectNode textCompletion(String id, Completion completion) {
        ObjectNode body = header(id, "text_completion");
        ObjectNode choice = body.putArray("choices")
                .addObject()
                .put("text", completion.generation().text())
                .put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", completion.generation().finishReason().wireName());
        usage(body, completion);
        return body;
    }

    /** A chat chunk with no choices yet; {@code usage: null} is present when the client asked for usage. */
    ObjectNode chatChunk(String id, boolean usageField) {
        ObjectNode chunk = header(id, "chat.completion.chunk");
        chunk.putArray("choices");
        if (usageField) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    ObjectNode textChunk(String id, boolean usageField) {
        ObjectNode chunk = header(id, "text_completion");
        chunk.putArray("choices");
        if (usageField) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    /** Sets the finish reason (null while generating) and null logprobs on the chunk's only choice. */
    void finishChoice(ObjectNode chunk, FinishReason reason) {
        ObjectNode choice = (ObjectNode) chunk.get("choices").get(0);
        choice.putNull("logprobs");
        if (reason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", reason.wireName());
        }
    }

    /** The extra chunk {@code stream_options.include_usage} asks for: no choices, usage filled. */
    ObjectNode usageChunk(ObjectNode emptyChunk, Completion completion) {
        usage(emptyChunk, completion);
        return emptyChunk;
    }

    private ObjectNode header(String id, String object) {
        ObjectNode body = json.createObjectNode()
                .put("id", id)
                .put("object", object)
                .put("created", ids.nowSeconds())
                .put("model", modelName);
        body.putNull("system_fingerprint");
        return body;
    }

    private static void usage(ObjectNode body, Completion completion) {
        body.putObject("usage")
                .put("prompt_tokens", completion.promptTokens())
                .put("completion_tokens", completion.generation().completionTokens())
                .put("total_tokens", completion.totalTokens())
                .putObject("prompt_tokens_details")
                .put("cached_tokens", completion.generation().cachedTokens());
    }
}
