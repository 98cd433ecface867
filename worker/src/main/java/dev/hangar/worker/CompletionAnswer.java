package dev.hangar.worker;

import java.io.IOException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a completion and answers it whole or as a Server-Sent Events stream, recording usage either
 * way. Chat and text completions share this; they differ only in the shape of their JSON, which
 * {@link Shapes} supplies.
 */
final class CompletionAnswer {

    /** The JSON of one API's answers. */
    interface Shapes {
        /** The whole answer, when the request did not ask for a stream. */
        ObjectNode whole(Completion completion);

        /** A chunk carrying newly generated text. */
        ObjectNode delta(String text, List<TokenLogprob> logprobs);

        /** The closing chunk, with the finish reason. */
        ObjectNode last(FinishReason reason);

        /** The usage chunk sent when {@code stream_options.include_usage} asks for it. */
        ObjectNode usage(Completion completion);

        /** The chunk carrying the scored prompt, for an API that asks to score it (completions' echo). */
        default ObjectNode scoredPrompt(List<TokenLogprob> logprobs) {
            throw new IllegalStateException("this API does not score prompts");
        }
    }

    /** Runs the generation, handing its text to the sink. */
    @FunctionalInterface
    interface Generator {
        Completion complete(TokenSink sink) throws Exception;
    }

    private CompletionAnswer() {}

    /**
     * @param opening a chunk to send before any text (chat's role chunk), or {@code null}
     */
    static void send(
            ApiCall call, Generator generator, GenerationParameters parameters, ObjectNode opening, Shapes shapes)
            throws Exception {
        if (!parameters.stream()) {
            Completion completion = generator.complete(TokenSink.DISCARD);
            record(call, completion);
            call.sendJson(200, shapes.whole(completion));
            return;
        }
        try (LazyEventStream stream = new LazyEventStream(call, opening)) {
            Completion completion;
            try {
                completion = generator.complete(new TokenSink() {
                    @Override
                    public void accept(String text, List<TokenLogprob> logprobs) throws IOException {
                        stream.send(shapes.delta(text, logprobs));
                    }

                    @Override
                    public void prompt(List<TokenLogprob> logprobs) throws IOException {
                        stream.send(shapes.scoredPrompt(logprobs));
                    }
                });
            } catch (EngineException e) {
                if (!stream.isOpen()) {
                    throw e;
                }
                stream.fail(e.getMessage());
                return;
            }
            record(call, completion);
            ObjectNode last = shapes.last(completion.generation().finishReason());
            if (parameters.includeUsage()) {
                stream.finish(last, shapes.usage(completion));
            } else {
                stream.finish(last);
            }
        }
    }

    private static void record(ApiCall call, Completion completion) {
        Generation generation = completion.generation();
        call.recordUsage(completion.promptTokens(), generation.completionTokens(), generation.timeToFirstToken());
    }
}
