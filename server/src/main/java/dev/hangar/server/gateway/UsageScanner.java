package dev.hangar.server.gateway;

import java.util.Arrays;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.async.ByteArrayFeeder;

/**
 * Finds the top-level {@code usage} of a JSON answer while its bytes pass through the gateway. Most
 * answers arrive whole in one part: that part is kept and read at the end in one pass that skips
 * everything but {@code usage}. An answer in several parts (a batch of embeddings) goes through a
 * non-blocking parser fed part by part, so that nothing more is buffered, however large the
 * answer. A body that is not JSON yields no usage.
 */
final class UsageScanner {

    private byte[] first;
    private JsonParser incremental;
    private int depth;
    private String property = "";
    private boolean inUsage;
    private long promptTokens = -1;
    private long completionTokens = -1;
    private boolean broken;

    void feed(byte[] buffer, int offset, int length) {
        if (broken || length == 0) {
            return;
        }
        if (first == null && incremental == null) {
            first = Arrays.copyOfRange(buffer, offset, offset + length);
            return;
        }
        try {
            if (incremental == null) {
                incremental = EventLoopJson.incrementalParser();
                push(first, 0, first.length);
                first = null;
            }
            push(buffer, offset, length);
        } catch (JacksonException e) {
            broken = true;
        }
    }

    private void push(byte[] buffer, int offset, int length) {
        ((ByteArrayFeeder) incremental.nonBlockingInputFeeder()).feedInput(buffer, offset, offset + length);
        JsonToken token;
        while ((token = incremental.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            read(incremental, token);
        }
    }

    /** The answer that came in one part, in one pass: what is not {@code usage} is skipped, not read. */
    private void readWhole(byte[] body) {
        try (JsonParser parser = EventLoopJson.parser(body, 0, body.length)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 1 && token.isStructStart() && !property.equals("usage")) {
                    parser.skipChildren();
                } else {
                    read(parser, token);
                }
            }
        } catch (JacksonException e) {
            broken = true;
        }
    }

    private void read(JsonParser parser, JsonToken token) {
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
     * (embeddings) used none. Closing the incremental parser hands the property names it met to
     * the factory's shared table, so that the next answer finds them instead of adding them again
     * (without it, adding names was a sixth of the gateway's CPU under load).
     */
    Optional<TokenUsage> usage() {
        if (first != null) {
            readWhole(first);
        } else if (incremental != null) {
            incremental.close();
        }
        if (promptTokens < 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(promptTokens, Math.max(0, completionTokens), false));
    }
}
