package dev.hangar.formats.tiny;

import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a llama model of a given shape, in the order llama.cpp's converter writes them, with the names of
 * llama.cpp's {@code llama} architecture and of transformers' {@code LlamaForCausalLM}.
 */
final class LlamaTensorLayout {
    private LlamaTensorLayout() {}

    static List<LlamaTensor> of(TinyModelShape shape) {
        int hidden = shape.hidden();
        List<LlamaTensor> tensors = new ArrayList<>();
        tensors.add(matrix("token_embd.weight", "model.embed_tokens.weight", shape.vocabSize(), hidden));
        for (int n = 0; n < shape.layers(); n++) {
            String blk = "blk." + n + ".";
            String layer = "model.layers." + n + ".";
            tensors.add(norm(blk + "attn_norm.weight", layer + "input_layernorm.weight", hidden));
            tensors.add(new LlamaTensor(
                    blk + "attn_q.weight", layer + "self_attn.q_proj.weight", hidden, hidden, false, shape.heads()));
            tensors.add(new LlamaTensor(
                    blk + "attn_k.weight",
                    layer + "self_attn.k_proj.weight",
                    shape.kvWidth(),
                    hidden,
                    false,
                    shape.kvHeads()));
            tensors.add(matrix(blk + "attn_v.weight", layer + "self_attn.v_proj.weight", shape.kvWidth(), hidden));
            tensors.add(matrix(blk + "attn_output.weight", layer + "self_attn.o_proj.weight", hidden, hidden));
            tensors.add(norm(blk + "ffn_norm.weight", layer + "post_attention_layernorm.weight", hidden));
            tensors.add(matrix(blk + "ffn_gate.weight", layer + "mlp.gate_proj.weight", shape.feedForward(), hidden));
            tensors.add(matrix(blk + "ffn_up.weight", layer + "mlp.up_proj.weight", shape.feedForward(), hidden));
            tensors.add(matrix(blk + "ffn_down.weight", layer + "mlp.down_proj.weight", hidden, shape.feedForward()));
        }
        tensors.add(norm("output_norm.weight", "model.norm.weight", hidden));
        tensors.add(matrix("output.weight", "lm_head.weight", shape.vocabSize(), hidden));
        return List.copyOf(tensors);
    }

    /**
     * The tensors of the same shape in llama.cpp's {@code qwen3} architecture with a classification head: each layer
     * adds norms of each query and key head, and {@code cls.output} maps the final state to one score per label.
     */
    static List<LlamaTensor> reranker(TinyModelShape shape, int labels) {
        List<LlamaTensor> tensors = new ArrayList<>();
        for (LlamaTensor tensor : of(shape)) {
            tensors.add(tensor);
            if (tensor.ggufName().endsWith(".attn_output.weight")) {
                String blk = tensor.ggufName().replace("attn_output.weight", "");
                String layer = tensor.hfName().replace("o_proj.weight", "");
                tensors.add(norm(blk + "attn_q_norm.weight", layer + "q_norm.weight", shape.headDim()));
                tensors.add(norm(blk + "attn_k_norm.weight", layer + "k_norm.weight", shape.headDim()));
            }
        }
        tensors.add(matrix(CLASSIFIER, "score.weight", labels, shape.hidden()));
        return List.copyOf(tensors);
    }

    /** The classification head's GGUF name. */
    static final String CLASSIFIER = "cls.output.weight";

    private static LlamaTensor matrix(String ggufName, String hfName, int rows, int columns) {
        return new LlamaTensor(ggufName, hfName, rows, columns, false, 0);
    }

    private static LlamaTensor norm(String ggufName, String hfName, int width) {
        return new LlamaTensor(ggufName, hfName, 1, width, true, 0);
    }
}
