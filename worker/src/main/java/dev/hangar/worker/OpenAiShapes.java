package dev.hangar.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
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

    /** @param logprobs whether the request asked for logprobs */
    ObjectNode chatCompletion(String id, Completion completion, boolean logprobs) {
        ObjectNode body = header(id, "chat.completion");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", completion.generation().text())
                .putNull("refusal");
        if (logprobs) {
            choice.set("logprobs", chatLogprobs(completion.generation().logprobs()));
        } else {
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", completion.generation().finishReason().wireName());
        usage(body, completion);
        return body;
    }

    /**
     * @param logprobs whether the request asked for logprobs
     * @param echo the prompt's text, which the answer's text starts with (and its logprobs, when asked for); null
     *     for none
     */
    ObjectNode textCompletion(String id, Completion completion, boolean logprobs, String echo) {
        Generation generation = completion.generation();
        ObjectNode body = header(id, "text_completion");
        ObjectNode choice = body.putArray("choices")
                .addObject()
                .put("text", echo == null ? generation.text() : echo + generation.text())
                .put("index", 0);
        if (logprobs) {
            choice.set(
                    "logprobs",
                    echo == null
                            ? textLogprobs(generation.logprobs(), 0)
                            : echoedLogprobs(echo, generation.promptLogprobs(), generation.logprobs()));
        } else {
            choice.putNull("logprobs");
        }
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

    /** Chat's {@code logprobs}: {@code content} lists each token with its bytes and top alternatives. */
    ObjectNode chatLogprobs(List<TokenLogprob> tokens) {
        ObjectNode logprobs = json.createObjectNode();
        ArrayNode content = logprobs.putArray("content");
        for (TokenLogprob token : tokens) {
            ObjectNode entry = chatToken(content.addObject(), token);
            ArrayNode top = entry.putArray("top_logprobs");
            token.top().forEach(alternative -> chatToken(top.addObject(), alternative));
        }
        logprobs.putNull("refusal");
        return logprobs;
    }

    /**
     * The completions API's {@code logprobs}: parallel lists of tokens, their logprobs, their top alternatives (token
     * to logprob) and their offsets in the text, counted from {@code offset}.
     */
    ObjectNode textLogprobs(List<TokenLogprob> tokens, int offset) {
        return textLogprobs(tokens, offsetsFrom(tokens, offset));
    }

    /**
     * A scored prompt's {@code logprobs} (completions' echo), its first token's logprob {@code null}. Offsets count back
     * from the prompt text's end, so that they hold where a tokenizer adds a leading space the text does not have.
     */
    ObjectNode promptLogprobs(String promptText, List<TokenLogprob> tokens) {
        return textLogprobs(tokens, promptOffsets(promptText, tokens));
    }

    /** The scored prompt's logprobs followed by the completion's, whose offsets start at the prompt text's end. */
    ObjectNode echoedLogprobs(String promptText, List<TokenLogprob> prompt, List<TokenLogprob> completion) {
        int[] promptOffsets = promptOffsets(promptText, prompt);
        int[] completionOffsets = offsetsFrom(completion, promptText.length());
        int[] offsets = Arrays.copyOf(promptOffsets, prompt.size() + completion.size());
        System.arraycopy(completionOffsets, 0, offsets, prompt.size(), completion.size());
        List<TokenLogprob> tokens = new ArrayList<>(prompt);
        tokens.addAll(completion);
        return textLogprobs(tokens, offsets);
    }

    private ObjectNode textLogprobs(List<TokenLogprob> tokens, int[] offsets) {
        ObjectNode logprobs = json.createObjectNode();
        ArrayNode texts = logprobs.putArray("tokens");
        ArrayNode values = logprobs.putArray("token_logprobs");
        ArrayNode tops = logprobs.putArray("top_logprobs");
        ArrayNode at = logprobs.putArray("text_offset");
        for (int i = 0; i < tokens.size(); i++) {
            TokenLogprob token = tokens.get(i);
            texts.add(token.token());
            if (token.scored()) {
                values.add(token.logprob());
                ObjectNode top = tops.addObject();
                token.top().forEach(alternative -> top.put(alternative.token(), alternative.logprob()));
            } else {
                values.addNull();
                tops.addNull();
            }
            at.add(offsets[i]);
        }
        return logprobs;
    }

    private static int[] offsetsFrom(List<TokenLogprob> tokens, int offset) {
        int[] offsets = new int[tokens.size()];
        int at = offset;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = at;
            at += tokens.get(i).token().length();
        }
        return offsets;
    }

    private static int[] promptOffsets(String promptText, List<TokenLogprob> tokens) {
        int[] offsets = new int[tokens.size()];
        int at = promptText.length();
        for (int i = offsets.length - 1; i >= 0; i--) {
            at -= tokens.get(i).token().length();
            offsets[i] = Math.max(0, at);
        }
        return offsets;
    }

    private static ObjectNode chatToken(ObjectNode entry, TokenLogprob token) {
        entry.put("token", token.token()).put("logprob", token.logprob());
        ArrayNode bytes = entry.putArray("bytes");
        for (byte b : token.bytes()) {
            bytes.add(b & 0xFF);
        }
        return entry;
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
