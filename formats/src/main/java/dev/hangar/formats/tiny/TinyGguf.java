package dev.hangar.formats.tiny;

import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.gguf.GgufValue;
import dev.hangar.formats.gguf.GgufValueType;
import dev.hangar.formats.gguf.GgufWriter;
import dev.hangar.formats.gguf.LlamaFileType;
import dev.hangar.formats.quant.F32Codec;
import dev.hangar.formats.quant.FloatCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes a tiny model as a GGUF v3 file with the keys llama.cpp's {@code llama} architecture reads, its SentencePiece
 * tokenizer and ChatML template, norms in F32 and every 2-D weight in the chosen type.
 */
final class TinyGguf {
    /** The weight types a GGUF tiny model can be written in. */
    static final Set<GgmlType> TYPES = Set.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0);

    private static final int QUANTIZATION_VERSION = 2;
    /** llama.cpp's {@code LLAMA_POOLING_TYPE_RANK}. */
    private static final int RANK_POOLING = 4;

    private TinyGguf() {}

    static void write(TinyModel model, GgmlType type, Path file) throws IOException {
        requireType(type);
        GgufWriter writer = new GgufWriter();
        putGeneral(writer, model, type, "llama");
        putArchitecture(writer, "llama.", model.shape());
        write(writer, model, type, LlamaTensorLayout.of(model.shape()), file);
    }

    /**
     * The same model in llama.cpp's {@code qwen3} architecture (its per-head query and key norms added) with a
     * classification head, {@code cls.output}, one row per label, and rank pooling declared: a Qwen3 reranker's shape.
     */
    static void writeReranker(TinyModel model, GgmlType type, List<String> labels, Path file) throws IOException {
        requireType(type);
        GgufWriter writer = new GgufWriter();
        putGeneral(writer, model, type, "qwen3");
        putArchitecture(writer, "qwen3.", model.shape());
        writer.put(
                        "qwen3.classifier.output_labels",
                        array(
                                GgufValueType.STRING,
                                labels.stream().<GgufValue>map(TinyGguf::str).toList()))
                .put("qwen3.pooling_type", u32(RANK_POOLING));
        write(writer, model, type, LlamaTensorLayout.reranker(model.shape(), labels.size()), file);
    }

    private static void write(GgufWriter writer, TinyModel model, GgmlType type, List<LlamaTensor> tensors, Path file)
            throws IOException {
        FloatCodec codec = FloatCodec.forType(type).orElseThrow();
        FloatCodec normCodec = new F32Codec();
        putTokenizer(writer, model.vocabulary());
        LlamaWeights weights = new LlamaWeights(model.seed());
        for (LlamaTensor tensor : tensors) {
            FloatCodec tensorCodec = tensor.norm() ? normCodec : codec;
            writer.addTensor(
                    tensor.ggufName(),
                    tensorCodec.type(),
                    tensor.ggufDimensions(),
                    weights.ggufData(tensor, tensorCodec));
        }
        writer.writeTo(file);
    }

    private static void requireType(GgmlType type) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("a tiny GGUF holds F32, F16, BF16, Q8_0 or Q4_0 weights, not " + type);
        }
    }

    private static void putGeneral(GgufWriter writer, TinyModel model, GgmlType type, String architecture) {
        writer.put("general.architecture", str(architecture))
                .put("general.type", str("model"))
                .put("general.name", str(model.name()))
                .put("general.description", str(model.description()))
                .put("general.size_label", str(model.sizeLabel()))
                .put("general.license", str("apache-2.0"))
                .put("general.file_type", u32(LlamaFileType.valueOf(type.name()).id()));
        if (type.blockSize() > 1) {
            writer.put("general.quantization_version", u32(QUANTIZATION_VERSION));
        }
    }

    private static void putArchitecture(GgufWriter writer, String prefix, TinyModelShape shape) {
        writer.put(prefix + "context_length", u32(shape.contextLength()))
                .put(prefix + "embedding_length", u32(shape.hidden()))
                .put(prefix + "block_count", u32(shape.layers()))
                .put(prefix + "feed_forward_length", u32(shape.feedForward()))
                .put(prefix + "attention.head_count", u32(shape.heads()))
                .put(prefix + "attention.head_count_kv", u32(shape.kvHeads()))
                .put(prefix + "rope.dimension_count", u32(shape.headDim()))
                .put(prefix + "rope.freq_base", new GgufValue.Float32(TinyModel.ROPE_THETA))
                .put(prefix + "attention.layer_norm_rms_epsilon", new GgufValue.Float32(TinyModel.RMS_NORM_EPS))
                .put(prefix + "vocab_size", u32(shape.vocabSize()));
    }

    private static void putTokenizer(GgufWriter writer, TinyVocabulary vocabulary) {
        List<TinyToken> tokens = vocabulary.tokens();
        writer.put("tokenizer.ggml.model", str("llama"))
                .put(
                        "tokenizer.ggml.tokens",
                        array(
                                GgufValueType.STRING,
                                tokens.stream()
                                        .<GgufValue>map(token -> str(token.text()))
                                        .toList()))
                .put(
                        "tokenizer.ggml.scores",
                        array(
                                GgufValueType.FLOAT32,
                                tokens.stream()
                                        .<GgufValue>map(token -> new GgufValue.Float32(token.score()))
                                        .toList()))
                .put(
                        "tokenizer.ggml.token_type",
                        array(
                                GgufValueType.INT32,
                                tokens.stream()
                                        .<GgufValue>map(token ->
                                                new GgufValue.Int32(token.type().id()))
                                        .toList()))
                .put("tokenizer.ggml.bos_token_id", u32(TinyVocabulary.BOS_ID))
                .put("tokenizer.ggml.eos_token_id", u32(TinyVocabulary.EOS_ID))
                .put("tokenizer.ggml.unknown_token_id", u32(TinyVocabulary.UNKNOWN_ID))
                .put("tokenizer.ggml.padding_token_id", u32(TinyVocabulary.END_OF_SENTENCE_ID))
                .put("tokenizer.ggml.add_bos_token", new GgufValue.Bool(true))
                .put("tokenizer.ggml.add_eos_token", new GgufValue.Bool(false))
                .put("tokenizer.chat_template", str(TinyVocabulary.CHAT_TEMPLATE));
    }

    private static GgufValue str(String value) {
        return new GgufValue.Str(value);
    }

    private static GgufValue u32(long value) {
        return new GgufValue.UInt32(value);
    }

    private static GgufValue array(GgufValueType elementType, List<GgufValue> elements) {
        return new GgufValue.Array(elementType, elements);
    }
}
