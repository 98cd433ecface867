package dev.hangar.worker.llama;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The C structs of {@code llama.h} the binding passes or reads, laid out for 64-bit platforms (LP64: pointers and
 * {@code size_t} are 8 bytes, enums 4). Each layout is named after its C struct and each member after its C field;
 * padding is unnamed, so a test can compare every size and offset with the header's.
 */
public final class LlamaStructs {
    private LlamaStructs() {}

    public static final StructLayout LLAMA_MODEL_PARAMS = MemoryLayout.structLayout(
                    ADDRESS.withName("devices"),
                    ADDRESS.withName("tensor_buft_overrides"),
                    JAVA_INT.withName("n_gpu_layers"),
                    JAVA_INT.withName("split_mode"),
                    JAVA_INT.withName("load_mode"),
                    JAVA_INT.withName("lazy_mode"),
                    JAVA_INT.withName("main_gpu"),
                    paddingLayout(4),
                    ADDRESS.withName("tensor_split"),
                    ADDRESS.withName("progress_callback"),
                    ADDRESS.withName("progress_callback_user_data"),
                    ADDRESS.withName("kv_overrides"),
                    JAVA_BOOLEAN.withName("vocab_only"),
                    JAVA_BOOLEAN.withName("check_tensors"),
                    JAVA_BOOLEAN.withName("use_extra_bufts"),
                    JAVA_BOOLEAN.withName("no_host"),
                    JAVA_BOOLEAN.withName("no_alloc"),
                    JAVA_BOOLEAN.withName("load_mtp"),
                    paddingLayout(2))
            .withName("llama_model_params");

    public static final StructLayout LLAMA_CONTEXT_PARAMS = MemoryLayout.structLayout(
                    JAVA_INT.withName("n_ctx"),
                    JAVA_INT.withName("n_batch"),
                    JAVA_INT.withName("n_ubatch"),
                    JAVA_INT.withName("n_seq_max"),
                    JAVA_INT.withName("n_rs_seq"),
                    JAVA_INT.withName("n_outputs_max"),
                    JAVA_INT.withName("n_outputs_max_per_seq"),
                    JAVA_INT.withName("n_threads"),
                    JAVA_INT.withName("n_threads_batch"),
                    JAVA_INT.withName("ctx_type"),
                    JAVA_INT.withName("rope_scaling_type"),
                    JAVA_INT.withName("pooling_type"),
                    JAVA_INT.withName("attention_type"),
                    JAVA_INT.withName("flash_attn_type"),
                    JAVA_FLOAT.withName("rope_freq_base"),
                    JAVA_FLOAT.withName("rope_freq_scale"),
                    JAVA_FLOAT.withName("yarn_ext_factor"),
                    JAVA_FLOAT.withName("yarn_attn_factor"),
                    JAVA_FLOAT.withName("yarn_beta_fast"),
                    JAVA_FLOAT.withName("yarn_beta_slow"),
                    JAVA_INT.withName("yarn_orig_ctx"),
                    JAVA_FLOAT.withName("defrag_thold"),
                    ADDRESS.withName("cb_eval"),
                    ADDRESS.withName("cb_eval_user_data"),
                    JAVA_INT.withName("type_k"),
                    JAVA_INT.withName("type_v"),
                    ADDRESS.withName("abort_callback"),
                    ADDRESS.withName("abort_callback_data"),
                    JAVA_BOOLEAN.withName("embeddings"),
                    JAVA_BOOLEAN.withName("offload_kqv"),
                    JAVA_BOOLEAN.withName("no_perf"),
                    JAVA_BOOLEAN.withName("op_offload"),
                    JAVA_BOOLEAN.withName("swa_full"),
                    JAVA_BOOLEAN.withName("kv_unified"),
                    paddingLayout(2),
                    ADDRESS.withName("samplers"),
                    JAVA_LONG.withName("n_samplers"),
                    ADDRESS.withName("ctx_other"))
            .withName("llama_context_params");

    public static final StructLayout LLAMA_BATCH = MemoryLayout.structLayout(
                    JAVA_INT.withName("n_tokens"),
                    paddingLayout(4),
                    ADDRESS.withName("token"),
                    ADDRESS.withName("embd"),
                    ADDRESS.withName("pos"),
                    ADDRESS.withName("n_seq_id"),
                    ADDRESS.withName("seq_id"),
                    ADDRESS.withName("logits"))
            .withName("llama_batch");

    public static final StructLayout LLAMA_SAMPLER_CHAIN_PARAMS =
            MemoryLayout.structLayout(JAVA_BOOLEAN.withName("no_perf")).withName("llama_sampler_chain_params");

    public static final StructLayout LLAMA_CHAT_MESSAGE = MemoryLayout.structLayout(
                    ADDRESS.withName("role"), ADDRESS.withName("content"))
            .withName("llama_chat_message");

    public static final StructLayout LLAMA_TOKEN_DATA = MemoryLayout.structLayout(
                    JAVA_INT.withName("id"), JAVA_FLOAT.withName("logit"), JAVA_FLOAT.withName("p"))
            .withName("llama_token_data");

    public static final StructLayout LLAMA_LOGIT_BIAS = MemoryLayout.structLayout(
                    JAVA_INT.withName("token"), JAVA_FLOAT.withName("bias"))
            .withName("llama_logit_bias");

    public static final StructLayout LLAMA_TOKEN_DATA_ARRAY = MemoryLayout.structLayout(
                    ADDRESS.withName("data"),
                    JAVA_LONG.withName("size"),
                    JAVA_LONG.withName("selected"),
                    JAVA_BOOLEAN.withName("sorted"),
                    paddingLayout(7))
            .withName("llama_token_data_array");

    /** ggml's thread pool settings ({@code ggml.h}); {@code GGML_MAX_N_THREADS} is 512. */
    public static final StructLayout GGML_THREADPOOL_PARAMS = MemoryLayout.structLayout(
                    MemoryLayout.sequenceLayout(512, JAVA_BOOLEAN).withName("cpumask"),
                    JAVA_INT.withName("n_threads"),
                    JAVA_INT.withName("prio"),
                    JAVA_INT.withName("poll"),
                    JAVA_BOOLEAN.withName("strict_cpu"),
                    JAVA_BOOLEAN.withName("paused"),
                    paddingLayout(2))
            .withName("ggml_threadpool_params");

    /** The byte offset of {@code field} in {@code struct}. */
    static long offset(StructLayout struct, String field) {
        return struct.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    static void setInt(MemorySegment segment, StructLayout struct, String field, int value) {
        segment.set(JAVA_INT, offset(struct, field), value);
    }

    static int getInt(MemorySegment segment, StructLayout struct, String field) {
        return segment.get(JAVA_INT, offset(struct, field));
    }

    static void setBoolean(MemorySegment segment, StructLayout struct, String field, boolean value) {
        segment.set(JAVA_BOOLEAN, offset(struct, field), value);
    }

    static MemorySegment getAddress(MemorySegment segment, StructLayout struct, String field) {
        return segment.get(ADDRESS, offset(struct, field));
    }

    static void setAddress(MemorySegment segment, StructLayout struct, String field, MemorySegment value) {
        segment.set(ADDRESS, offset(struct, field), value);
    }
}
