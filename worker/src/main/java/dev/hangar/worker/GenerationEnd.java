package dev.hangar.worker;

/**
 * Derives {@code completion_tokens} and {@code finish_reason} from the outputs java-llama.cpp 4.2.0 streams, because
 * the binding exposes neither llama.cpp's decoded-token count nor its stop type. llama-server sends one output per
 * decoded token, except that a token ending inside a multi-byte UTF-8 character is held back and merged into the next
 * output (server.hpp, {@code process_token}); so the output count is a lower bound. The binding's {@code n_probs}
 * path cannot help: its JNI reads a {@code probs} key this llama.cpp build no longer writes.
 *
 * <p>When neither an end-of-sequence token, a stop string nor a grammar can end the generation, only the budget can:
 * the request then used exactly {@code max_tokens} tokens (the context check before queueing guarantees the slot has
 * room for them), whatever the outputs say.
 */
record GenerationEnd(int completionTokens, FinishReason finishReason) {

    static GenerationEnd of(GenerationRequest request, int outputs) {
        SamplingOptions sampling = request.sampling();
        boolean onlyTheBudgetEnds = sampling.ignoreEos()
                && sampling.stop().isEmpty()
                && sampling.jsonSchema().isEmpty();
        if (onlyTheBudgetEnds || outputs >= request.maxTokens()) {
            return new GenerationEnd(request.maxTokens(), FinishReason.LENGTH);
        }
        return new GenerationEnd(outputs, FinishReason.STOP);
    }
}
