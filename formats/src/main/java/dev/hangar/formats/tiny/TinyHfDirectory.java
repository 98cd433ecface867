package dev.hangar.formats.tiny;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.quant.FloatCodec;
import dev.hangar.formats.safetensors.SafetensorsDtype;
import dev.hangar.formats.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny model as a Hugging Face {@code LlamaForCausalLM} directory: {@code config.json},
 * {@code generation_config.json}, {@code model.safetensors} and the tokenizer files, with untied embeddings.
 */
final class TinyHfDirectory {
    private static final Map<GgmlType, String> TORCH_DTYPES =
            Map.of(GgmlType.F32, "float32", GgmlType.F16, "float16", GgmlType.BF16, "bfloat16");

    private TinyHfDirectory() {}

    static void write(TinyModel model, GgmlType type, Path directory) throws IOException {
        if (!TORCH_DTYPES.containsKey(type)) {
            throw new IllegalArgumentException("safetensors weights are F16, BF16 or F32; " + type
                    + " is a GGUF quantization, so write it with the GGUF format instead");
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("config.json"), JsonText.of(config(model.shape(), type)));
        Files.writeString(directory.resolve("generation_config.json"), JsonText.of(generationConfig()));
        Files.writeString(
                directory.resolve("tokenizer.json"), JsonText.of(HfTokenizer.tokenizerJson(model.vocabulary())));
        Files.writeString(
                directory.resolve("tokenizer_config.json"),
                JsonText.of(HfTokenizer.tokenizerConfig(
                        model.vocabulary(), model.shape().contextLength())));
        weights(model, type).writeTo(directory.resolve("model.safetensors"));
    }

    private static SafetensorsWriter weights(TinyModel model, GgmlType type) {
        FloatCodec codec = FloatCodec.forType(type).orElseThrow();
        SafetensorsDtype dtype = SafetensorsDtype.valueOf(type.name());
        LlamaWeights weights = new LlamaWeights(model.seed());
        SafetensorsWriter writer = new SafetensorsWriter().putMetadata("format", "pt");
        for (LlamaTensor tensor : LlamaTensorLayout.of(model.shape())) {
            writer.addTensor(tensor.hfName(), dtype, tensor.hfShape(), weights.hfData(tensor, codec));
        }
        return writer;
    }

    private static Map<String, Object> config(TinyModelShape shape, GgmlType type) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of("LlamaForCausalLM"));
        config.put("model_type", "llama");
        config.put("hidden_size", shape.hidden());
        config.put("intermediate_size", shape.feedForward());
        config.put("num_hidden_layers", shape.layers());
        config.put("num_attention_heads", shape.heads());
        config.put("num_key_value_heads", shape.kvHeads());
        config.put("head_dim", shape.headDim());
        config.put("max_position_embeddings", shape.contextLength());
        config.put("vocab_size", shape.vocabSize());
        config.put("hidden_act", "silu");
        config.put("rms_norm_eps", TinyModel.RMS_NORM_EPS);
        config.put("rope_theta", TinyModel.ROPE_THETA);
        config.put("attention_bias", false);
        config.put("mlp_bias", false);
        config.put("tie_word_embeddings", false);
        config.put("bos_token_id", TinyVocabulary.BOS_ID);
        config.put("eos_token_id", TinyVocabulary.EOS_ID);
        config.put("pad_token_id", TinyVocabulary.END_OF_SENTENCE_ID);
        config.put("torch_dtype", TORCH_DTYPES.get(type));
        config.put("use_cache", true);
        return config;
    }

    private static Map<String, Object> generationConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bos_token_id", TinyVocabulary.BOS_ID);
        config.put("eos_token_id", TinyVocabulary.EOS_ID);
        config.put("pad_token_id", TinyVocabulary.END_OF_SENTENCE_ID);
        return config;
    }
}
