package dev.hangar.formats.tiny;

import dev.hangar.formats.TensorData;
import dev.hangar.formats.quant.FloatCodec;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A tiny model's weights as tensor data that generates, encodes and writes one row at a time, so that no tensor is
 * ever in memory whole. Norms are all ones, as a freshly initialised llama's are; every other row is random.
 */
final class LlamaWeights {
    private final RandomWeights random;

    LlamaWeights(long seed) {
        this.random = new RandomWeights(seed);
    }

    /** The tensor in GGUF row order, encoded by {@code codec}. */
    TensorData ggufData(LlamaTensor tensor, FloatCodec codec) {
        return data(tensor, codec, tensor::hfRowOf);
    }

    /** The tensor in HF (PyTorch) row order, encoded by {@code codec}. */
    TensorData hfData(LlamaTensor tensor, FloatCodec codec) {
        return data(tensor, codec, row -> row);
    }

    /** One row in HF order, as floats. */
    float[] hfRow(LlamaTensor tensor, int row) {
        if (tensor.norm()) {
            float[] ones = new float[tensor.columns()];
            Arrays.fill(ones, 1f);
            return ones;
        }
        // Keyed by the HF name, so that both formats draw each logical row from the same stream.
        return random.row(tensor.hfName(), row, tensor.columns());
    }

    private TensorData data(LlamaTensor tensor, FloatCodec codec, IntUnaryOperator hfRowOf) {
        long byteSize = codec.type().bytesFor(tensor.elementCount());
        return TensorData.streamed(byteSize, out -> {
            for (int row = 0; row < tensor.rows(); row++) {
                out.write(codec.encode(hfRow(tensor, hfRowOf.applyAsInt(row))));
            }
        });
    }
}
