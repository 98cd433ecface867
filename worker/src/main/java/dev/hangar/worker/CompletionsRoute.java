package dev.hangar.worker;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/completions}: the legacy text completion API, on a raw prompt with no chat template. */
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
        String prompt = prompt(body);
        if (body.flag("echo")) {
            throw ApiError.badRequest("'echo' is not supported", "echo");
        }
        GenerationParameters parameters = GenerationParameters.parse(body);
        String id = shapes.newId("cmpl-");
        CompletionAnswer.send(call, completions, prompt, parameters, null, new CompletionAnswer.Shapes() {
            @Override
            public ObjectNode whole(Completion completion) {
                return shapes.textCompletion(id, completion, parameters.topLogprobs() >= 0);
            }

            private int offset;

            @Override
            public ObjectNode delta(String text, List<TokenLogprob> logprobs) {
                ObjectNode chunk = chunk(id, parameters, text);
                if (parameters.topLogprobs() >= 0) {
                    ((ObjectNode) chunk.get("choices").get(0)).set("logprobs", shapes.textLogprobs(logprobs, offset));
                }
                offset += text.length();
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
        });
    }

    private ObjectNode chunk(String id, GenerationParameters parameters, String text) {
        ObjectNode chunk = shapes.textChunk(id, parameters.includeUsage());
        chunk.withArray("choices").addObject().put("text", text).put("index", 0);
        shapes.finishChoice(chunk, null);
        return chunk;
    }

    /** A string, or a list holding exactly one string (token-id prompts are not supported). */
    private static String prompt(RequestBody body) {
        JsonNode prompt = body.field("prompt").orElseThrow(() -> ApiError.badRequest("'prompt' is required", "prompt"));
        if (prompt.isString()) {
            return prompt.stringValue();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isString()) {
            return prompt.get(0).stringValue();
        }
        throw ApiError.badRequest(
                "'prompt' must be a string (or a list of one string): one prompt per request", "prompt");
    }
}
