package dev.hangar.worker;

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
        if (!parameters.stream()) {
            Completion completion = completions.complete(prompt, parameters, TokenSink.DISCARD);
            call.recordUsage(
                    completion.promptTokens(),
                    completion.generation().completionTokens(),
                    completion.generation().timeToFirstToken());
            call.sendJson(200, shapes.textCompletion(id, completion));
            return;
        }
        try (LazyEventStream stream = new LazyEventStream(call, null)) {
            Completion completion;
            try {
                completion = completions.complete(prompt, parameters, text -> stream.send(chunk(id, parameters, text)));
            } catch (EngineException e) {
                if (!stream.isOpen()) {
                    throw e;
                }
                stream.fail(e.getMessage());
                return;
            }
            Generation generation = completion.generation();
            call.recordUsage(completion.promptTokens(), generation.completionTokens(), generation.timeToFirstToken());
            ObjectNode last = chunk(id, parameters, "");
            shapes.finishChoice(last, generation.finishReason());
            if (parameters.includeUsage()) {
                stream.finish(last, shapes.usageChunk(shapes.textChunk(id, false), completion));
            } else {
                stream.finish(last);
            }
        }
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
