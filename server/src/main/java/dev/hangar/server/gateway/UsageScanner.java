package dev.hangar.server.gateway;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the top-level {@code usage} of a JSON answer while its bytes pass through the gateway, with
 * a non-blocking parser fed chunk by chunk: nothing is buffered, however large the answer (a batch
 * of embeddings), and the answer is parsed once. A body that is not JSON yields no usage.
 */
final class UsageScanner {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonParser parser = JSON.createNonBlockingByteArrayParser(ObjectReadContext.empty());
    private int depth;
    private String property = "";
    private boolean inUsage;
    private long promptTokens = -1;
    private long completionTokens = -1;
    private boolean broken;

    void feed(byte[] buffer, int offset, int length) {
        if (broken) {
            return;
        }
        try {
            ((ByteArrayFeeder) parser.nonBlockingInputFeeder()).feedInput(buffer, offset, offset + length);
            JsonToken token;
            while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                read(token);
            }
        } catch (JacksonException e) {
            broken = true;
        }
    }

    private void read(JsonToken token) {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                inUsage |= depth == 1 && token == JsonToken.START_OBJECT && property.equals("usage");
                depth++;
            }
            case END_OBJECT, END_ARRAY -> {
                depth--;
                inUsage &= depth > 1;
            }
            case PROPERTY_NAME -> property = parser.currentName();
            case VALUE_NUMBER_INT -> {
                if (inUsage && depth == 2) {
                    switch (property) {
                        case "prompt_tokens" -> promptTokens = parser.getLongValue();
                        case "completion_tokens" -> completionTokens = parser.getLongValue();
                        default -> {}
                    }
                }
            }
            default -> {}
        }
    }

    /**
     * The usage the answer held, once it has ended; an answer without completion tokens
     * (embeddings) used none. Closing the parser hands the property names it met to the factory's
     * shared table, so that the next answer finds them instead of adding them again (without it,
     * adding names was a sixth of the gateway's CPU under load).
     */
    Optional<TokenUsage> usage() {
        parser.close();
        if (promptTokens < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(promptTokens, Math.max(0, completionTokens), false));
    }
}
