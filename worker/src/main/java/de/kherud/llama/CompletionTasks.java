package de.kherud.llama;

import dev.hangar.worker.EngineException;

/**
 * The worker's door into java-llama.cpp's task API, which the library keeps package-private behind
 * {@link InferenceParameters}: that builder cannot carry a {@code json_schema} object (its only public route,
 * {@link LlamaModel#jsonSchemaToGrammar}, lets a C++ exception from a bad schema abort the whole process), and its
 * iterator hides whether an output is the final one. Here the worker sends llama-server's own request JSON, so a bad
 * schema comes back as an ordinary error, and reads the stop flag directly.
 */
public final class CompletionTasks {
    private CompletionTasks() {}

    /** Queues a streaming completion; {@code requestJson} must hold {@code "stream": true}. */
    public static int request(LlamaModel model, String requestJson) {
        try {
            return model.requestCompletion(requestJson);
        } catch (LlamaException e) {
            throw new EngineException(e.getMessage(), true);
        }
    }

    /** Blocks until the task's next output: one per decoded token, then a final one with no text. */
    public static LlamaOutput receive(LlamaModel model, int task) {
        try {
            LlamaOutput output = model.receiveCompletion(task);
            if (output.stop) {
                model.releaseTask(task);
            }
            return output;
        } catch (LlamaException e) {
            throw new EngineException(e.getMessage(), false);
        }
    }

    /** Whether this is the task's last output (the library's flag, package-private there). */
    public static boolean isFinal(LlamaOutput output) {
        return output.stop;
    }

    /** Stops the task and frees its slot at llama.cpp's next step. */
    public static void cancel(LlamaModel model, int task) {
        model.cancelCompletion(task);
    }

    /** Embeds one text; the library throws its package-private exception, which becomes ours here. */
    public static float[] embed(LlamaModel model, String text) {
        try {
            return model.embed(text);
        } catch (LlamaException e) {
            throw new EngineException(e.getMessage(), false);
        }
    }
}
