package dev.hangar.formats.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * A small valid GGUF file with one value of most kinds and three tensors, plus the offsets where its header sections end
 * (the last one excluded: cutting there leaves a whole header without data),
 * so that tests can break it at meaningful places. The last tensor is not padded, so every truncation is an error.
 */
record SmallGguf(byte[] bytes, List<Integer> headerBoundaries, int headerEnd, int dataStart) {

    static SmallGguf build() {
        List<Integer> boundaries = new ArrayList<>();
        GgufBytes file = new GgufBytes().u32(GgufReader.MAGIC);
        boundaries.add(file.size());
        file.u32(3);
        boundaries.add(file.size());
        file.u64(3);
        boundaries.add(file.size());
        file.u64(6);
        boundaries.add(file.size());
        file.key("general.architecture", GgufValueType.STRING).string("llama");
        boundaries.add(file.size());
        file.key("general.alignment", GgufValueType.UINT32).u32(32);
        boundaries.add(file.size());
        file.key("llama.context_length", GgufValueType.UINT64).u64(2048);
        boundaries.add(file.size());
        file.key("tokenizer.ggml.tokens", GgufValueType.ARRAY)
                .u32(GgufValueType.STRING.id())
                .u64(3)
                .string("<s>")
                .string("</s>")
                .string("hi");
        boundaries.add(file.size());
        file.key("tokenizer.ggml.scores", GgufValueType.ARRAY)
                .u32(GgufValueType.FLOAT32.id())
                .u64(3)
                .f32(0f)
                .f32(-1f)
                .f32(-2.5f);
        boundaries.add(file.size());
        file.key("custom.nested", GgufValueType.ARRAY)
                .u32(GgufValueType.ARRAY.id())
                .u64(1)
                .u32(GgufValueType.INT16.id())
                .u64(2)
                .u16(-1)
                .u16(7);
        boundaries.add(file.size());
        file.tensorInfo("token_embd.weight", GgmlType.Q8_0, 0, 32, 3);
        boundaries.add(file.size());
        file.tensorInfo("output_norm.weight", GgmlType.F32, 128, 32);
        boundaries.add(file.size());
        file.tensorInfo("output.weight", GgmlType.F16, 256, 8, 2);
        int headerEnd = file.size();
        file.padTo(32);
        int dataStart = file.size();
        file.raw(pattern(3 * 34)).padTo(32).raw(pattern(128)).raw(pattern(32));
        return new SmallGguf(file.toByteArray(), List.copyOf(boundaries), headerEnd, dataStart);
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 1);
        }
        return bytes;
    }
}
