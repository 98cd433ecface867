package dev.hangar.formats;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a model registry shows about a model, in the same fields whatever it was read from: a GGUF file or a Hugging
 * Face model directory. Names follow GGUF's vocabulary (architecture {@code llama}, tokenizer model {@code gpt2},
 * quantization {@code Q4_K_M} or {@code BF16}) so that the two formats compare directly.
 *
 * @param parameterCount the sum of all tensors' element counts
 * @param layerCount transformer blocks ({@code block_count}, {@code num_hidden_layers})
 * @param kvHeadCount key/value heads; equal to {@code headCount} without grouped-query attention
 */
public record ModelMetadata(
        ModelFormat format,
        Optional<String> architecture,
        Optional<String> name,
        long parameterCount,
        OptionalLong contextLength,
        OptionalLong embeddingLength,
        OptionalLong layerCount,
        OptionalLong headCount,
        OptionalLong kvHeadCount,
        Optional<Quantization> quantization,
        Optional<String> tokenizerModel,
        OptionalLong vocabSize,
        Optional<String> chatTemplate,
        Optional<SpecialToken> bosToken,
        Optional<SpecialToken> eosToken,
        Optional<String> license,
        Optional<Adapter> adapter) {

    /** Where the metadata came from. */
    public enum ModelFormat {
        GGUF,
        /** A Hugging Face model directory with safetensors weights. */
        HF_SAFETENSORS
    }

    /**
     * How the weights are stored: a GGUF file type ({@code Q4_K_M}), a checkpoint dtype ({@code BF16}) or a quantization
     * method ({@code GPTQ-4bit}).
     *
     * @param inferredFromTensors true when nothing states it, so the name is the type holding the most elements
     */
    public record Quantization(String name, boolean inferredFromTensors) {}

    /** A special token; GGUF files give its id, Hugging Face directories usually both id and text. */
    public record SpecialToken(OptionalLong id, Optional<String> text) {}

    /**
     * Marks an adapter, which only runs on top of a base model.
     *
     * @param type e.g. {@code lora}
     * @param baseModel the base model's repository or path, when the adapter names it
     * @param rank the LoRA rank {@code r}
     * @param targetModules the module names the adapter patches; one regular expression for some PEFT configs
     */
    public record Adapter(
            String type,
            Optional<String> baseModel,
            Optional<String> baseArchitecture,
            OptionalLong rank,
            OptionalDouble alpha,
            List<String> targetModules) {

        public Adapter {
            targetModules = List.copyOf(targetModules);
        }
    }
}
