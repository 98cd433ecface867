package dev.hangar.server.registry;

import java.util.Locale;
import java.util.Set;

/** The task a model serves when its owner did not say: from its architecture. */
final class ModelTasks {

    static final String TEXT_GENERATION = "text-generation";
    static final String EMBEDDINGS = "embeddings";
    static final Set<String> KNOWN = Set.of(
            TEXT_GENERATION,
            EMBEDDINGS,
            "text-classification",
            "question-answering",
            "image-classification",
            "adapter");

    /** GGUF architectures of encoder-only models, which produce embeddings rather than text. */
    private static final Set<String> EMBEDDING_ARCHITECTURES =
            Set.of("bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "t5encoder", "neo-bert", "modern-bert");

    private ModelTasks() {}

    static String derive(ModelFacts facts) {
        if (facts.adapterFor() != null) {
            return "adapter";
        }
        String architecture =
                facts.architecture() == null ? "" : facts.architecture().toLowerCase(Locale.ROOT);
        if (EMBEDDING_ARCHITECTURES.contains(architecture)) {
            return EMBEDDINGS;
        }
        if (architecture.endsWith("forsequenceclassification")) {
            return "text-classification";
        }
        if (architecture.endsWith("forquestionanswering")) {
            return "question-answering";
        }
        if (architecture.endsWith("forimageclassification")) {
            return "image-classification";
        }
        if (architecture.endsWith("model") && !architecture.endsWith("lmheadmodel")) {
            return EMBEDDINGS;
        }
        return TEXT_GENERATION;
    }
}
