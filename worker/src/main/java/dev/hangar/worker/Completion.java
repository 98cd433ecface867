package dev.hangar.worker;

/** A finished generation with its exact prompt token count, ready for a response's {@code usage}. */
public record Completion(int promptTokens, Generation generation) {
    public int totalTokens() {
        return promptTokens + generation.completionTokens();
    }
}
