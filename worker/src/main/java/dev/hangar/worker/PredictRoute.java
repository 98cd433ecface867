package dev.hangar.worker;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /predict}: the pipeline-style {@code {"inputs": "...", "parameters": {...}}} request, mapped to a raw
 * completion and answered as {@code {"generated_text": ..., "details": {...}}} (Hugging Face's text-generation shape).
 */
final class PredictRoute implements Route {
    private final CompletionService completions;

    PredictRoute(CompletionService completions) {
        this.completions = completions;
    }

    @Override
    public void handle(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        String inputs =
                body.string("inputs").orElseThrow(() -> ApiError.badRequest("'inputs' must be a string", "inputs"));
        RequestBody parameters = body.object("parameters")
                .orElseGet(() -> new RequestBody(call.json().createObjectNode()));
        boolean sample = parameters.field("do_sample").isEmpty() || parameters.flag("do_sample");
        OptionalInt maxTokens = parameters.smallInteger("max_new_tokens", 1, Integer.MAX_VALUE);
        SamplingOptions sampling = new SamplingOptions(
                sample ? parameters.number("temperature", 0, 2) : OptionalDouble.of(0),
                parameters.number("top_p", 0, 1),
                parameters.smallInteger("top_k", 0, 1_000_000),
                parameters.number("min_p", 0, 1),
                parameters.integer("seed", 0, 0xFFFF_FFFFL),
                parameters.stringOrList("stop", GenerationParameters.MAX_STOP_STRINGS),
                parameters.number("presence_penalty", -2, 2),
                parameters.number("frequency_penalty", -2, 2),
                Optional.empty(),
                Map.of(),
                false);
        Completion completion = completions.complete(
                inputs,
                new GenerationParameters(sampling, maxTokens, false, false, -1, AdapterChoice.BASE),
                TokenSink.DISCARD);
        Generation generation = completion.generation();
        call.recordUsage(completion.promptTokens(), generation.completionTokens(), generation.timeToFirstToken());
        ObjectNode response = call.json().createObjectNode().put("generated_text", generation.text());
        response.putObject("details")
                .put("finish_reason", generation.finishReason().wireName())
                .put("prompt_tokens", completion.promptTokens())
                .put("generated_tokens", generation.completionTokens());
        call.sendJson(200, response);
    }
}
