package dev.hangar.server.gateway;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.util.Locale;
import tools.jackson.core.JsonToken;

/**
 * The OpenAI calls the gateway routes, each with its path under an OpenAI base URL (a replica's
 * {@code /v1}, a provider's base URL) and the field without which no replica could answer it.
 */
enum InferenceKind {
    CHAT("/chat/completions", "messages", MessageCode.GATEWAY_MESSAGES_ARRAY) {
        @Override
        boolean accepts(JsonToken field) {
            return field == JsonToken.START_ARRAY;
        }
    },
    COMPLETION("/completions", "prompt", MessageCode.GATEWAY_INPUT_REQUIRED),
    EMBEDDING("/embeddings", "input", MessageCode.GATEWAY_INPUT_REQUIRED),
    /** Jina's and llama.cpp's server's reranking, which the built-in worker serves for rerankers. */
    RERANK("/rerank", "query", MessageCode.GATEWAY_QUERY_REQUIRED);

    private final String path;
    private final String requiredField;
    private final MessageCode requirement;
    private final String meteredName;

    InferenceKind(String path, String requiredField, MessageCode requirement) {
        this.path = path;
        this.requiredField = requiredField;
        this.requirement = requirement;
        this.meteredName = name().toLowerCase(Locale.ROOT);
    }

    String path() {
        return path;
    }

    String requiredField() {
        return requiredField;
    }

    Message requirement() {
        return requirement.with();
    }

    /** How the request log names the call: {@code chat}, {@code completion}, {@code embedding}, {@code rerank}. */
    String meteredName() {
        return meteredName;
    }

    /** Whether a request may ask for a Server-Sent Events stream. */
    boolean streams() {
        return this == CHAT || this == COMPLETION;
    }

    /** Whether the required field's value, starting with {@code field}, will do; not null unless a kind says more. */
    boolean accepts(JsonToken field) {
        return field != JsonToken.VALUE_NULL;
    }
}
