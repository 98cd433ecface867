package dev.hangar.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/completions}: the legacy text completion API, on a raw prompt with no chat template. The prompt is a
 * string or a list of token ids (or a list holding one of those); {@code echo} starts the answer with the prompt, and
 * with {@code logprobs} scores each prompt token too.
 */
final class CompletionsRoute implements Route {
    private final CompletionService completions;
    private final OpenAiShapes shapes;

    CompletionsRoute(CompletionService completions, OpenAiShapes shapes) {
        this.completions = completions;
        this.shapes = shapes;
    }

    @Override
    public void handle(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        JsonNode prompt = prompt(body);
        boolean echo = body.flag("echo");
        GenerationParameters parameters = GenerationParameters.parse(body);
        boolean logprobs = parameters.topLogprobs() >= 0;
        int[] tokens = prompt.isString() ? null : tokenIds(prompt);
        String echoed = !echo ? null : tokens == null ? prompt.stringValue() : pieces(tokens);
        CompletionAnswer.Generator generator = sink -> completions.complete(
                tokens != null ? tokens : completions.engine().tokenize(prompt.stringValue(), true),
                echo && logprobs,
                parameters,
                sink);
        String id = shapes.newId("cmpl-");
        CompletionAnswer.Shapes answer = new CompletionAnswer.Shapes() {
            @Override
            public ObjectNode whole(Completion completion) {
                return shapes.textCompletion(id, completion, logprobs, echoed);
            }

            private int offset;

            @Override
            public ObjectNode delta(String text, List<TokenLogprob> tokenLogprobs) {
                ObjectNode chunk = chunk(id, parameters, text);
                if (logprobs) {
                    logprobs(chunk, shapes.textLogprobs(tokenLogprobs, offset));
                }
                offset += text.length();
                return chunk;
            }

            @Override
            public ObjectNode scoredPrompt(List<TokenLogprob> tokenLogprobs) {
                ObjectNode chunk = chunk(id, parameters, echoed);
                logprobs(chunk, shapes.promptLogprobs(echoed, tokenLogprobs));
                offset += echoed.length();
                return chunk;
            }

            @Override
            public ObjectNode last(FinishReason reason) {
                ObjectNode last = chunk(id, parameters, "");
                shapes.finishChoice(last, reason);
                return last;
            }

            @Override
            public ObjectNode usage(Completion completion) {
                return shapes.usageChunk(shapes.textChunk(id, false), completion);
            }
        };
        // Echo without logprobs: the prompt's text opens the stream; with logprobs it comes once the prompt is scored.
        ObjectNode opening = echo && !logprobs && parameters.stream() ? answer.delta(echoed, List.of()) : null;
        CompletionAnswer.send(call, generator, parameters, opening, answer);
    }

    private ObjectNode chunk(String id, GenerationParameters parameters, String text) {
        ObjectNode chunk = shapes.textChunk(id, parameters.includeUsage());
        chunk.withArray("choices").addObject().put("text", text).put("index", 0);
        shapes.finishChoice(chunk, null);
        return chunk;
    }

    private static void logprobs(ObjectNode chunk, ObjectNode logprobs) {
        ((ObjectNode) chunk.get("choices").get(0)).set("logprobs", logprobs);
    }

    /** The text the model reads for token ids: their pieces, one after the other. */
    private String pieces(int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int token : tokens) {
            bytes.writeBytes(completions.engine().vocab().piece(token));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The one prompt: a string or a list of token ids, alone or as the only item of a list. Several prompts in one
     * request (OpenAI's batch form) are refused: this worker answers one choice per request.
     */
    private static JsonNode prompt(RequestBody body) {
        JsonNode prompt = body.field("prompt").orElseThrow(() -> ApiError.badRequest("'prompt' is required", "prompt"));
        if (prompt.isArray()
                && prompt.size() == 1
                && (prompt.get(0).isString() || prompt.get(0).isArray())) {
            prompt = prompt.get(0);
        } else if (prompt.isArray() && prompt.size() > 1 && !prompt.get(0).isNumber()) {
            throw ApiError.badRequest(
                    "'prompt' holds " + prompt.size() + " prompts; this worker takes one prompt per request", "prompt");
        }
        if (prompt.isString() || (prompt.isArray() && !prompt.isEmpty())) {
            return prompt;
        }
        throw ApiError.badRequest(
                "'prompt' must be a string or a non-empty list of token ids (or a list holding one of those)",
                "prompt");
    }

    /** Token ids as given; their range is checked against the model's vocabulary by the service. */
    private static int[] tokenIds(JsonNode array) {
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw ApiError.badRequest(
                        "'prompt[" + i + "]' must be a token id (a whole number), not " + id, "prompt");
            }
            tokens[i] = id.intValue();
        }
        return tokens;
    }
}
