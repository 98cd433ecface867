package dev.hangar.formats.tiny;

import java.util.List;

/**
 * One tensor of a llama model under both of its names, with its PyTorch shape {@code [rows, columns]} (a norm is one
 * row). GGUF stores the same rows with the dimensions reversed; only the query and key projections also reorder rows.
 *
 * @param ropeHeads for {@code attn_q}/{@code attn_k}, the number of heads whose rows llama.cpp interleaves; 0 otherwise
 */
record LlamaTensor(String ggufName, String hfName, int rows, int columns, boolean norm, int ropeHeads) {

    long elementCount() {
        return (long) rows * columns;
    }

    /** ggml order, innermost first. */
    List<Long> ggufDimensions() {
        return norm ? List.of((long) columns) : List.of((long) columns, (long) rows);
    }

    List<Long> hfShape() {
        return norm ? List.of((long) columns) : List.of((long) rows, (long) columns);
    }

    /**
     * The HF row that GGUF row {@code row} holds. HF orders each head's rows as two halves for "rotate half" RoPE;
     * llama.cpp's converter interleaves them (row {@code 2i + j} of a head is HF row {@code j·d/2 + i}) for ggml's
     * pairwise RoPE (convert_hf_to_gguf.py, {@code LlamaModel.permute}).
     */
    int hfRowOf(int row) {
        if (ropeHeads == 0) {
            return row;
        }
        int headDim = rows / ropeHeads;
        int head = row / headDim;
        int within = row % headDim;
        return head * headDim + (within % 2) * (headDim / 2) + within / 2;
    }
}
