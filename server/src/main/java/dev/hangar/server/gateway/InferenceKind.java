package dev.hangar.server.gateway;

import java.util.Locale;
import tools.jackson.core.JsonToken;

/**
 * The OpenAI calls the gateway routes, each with its path under an OpenAI base URL (a replica's
 * {@code /v1}, a provider's base URL) and the field without which no replica could answer it.
 */
enum InferenceKind {
    CHAT("/chat/completions", "messages", "must be an array of messages") {
        @Override
        boolean accepts(JsonToken field) {
            return field == JsonToken.START_ARRAY;
        }
    },
    COMPLETION("/completions", "prompt", "is required: a string or an array of strings or tokens"),
    EMBEDDING("/embeddings", "input", "is required: a string or an array of strings or tokens");

    private final String path;
    private final String requiredField;
    private final String requirement;
    private final String meteredName;

    InferenceKind(String path, String requiredField, String requirement) {
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

    String requirement() {
        return requirement;
    }

    /** How the request log names the call: {@code chat}, {@code completion}, {@code embedding}. */
    String meteredName() {
        return meteredName;
    }

    /** Whether the required field's value, starting with {@code field}, will do; not null unless a kind says more. */
    boolean accepts(JsonToken field) {
        return field != JsonToken.VALUE_NULL;
    }
}
