package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The layout check itself, on layouts declared here: right ones pass, wrong ones are caught with the header's and
 * Java's numbers. The binding's own layouts are checked the same way: {@code StructLayoutCheck.mismatches(
 * LlamaStructs.class, …)} must be empty.
 */
class StructLayoutCheckTest {

    /** Written from llama.h of v0.5.0 by hand, as the binding's are. */
    static final class RightLayouts {
        public static final StructLayout LLAMA_BATCH = MemoryLayout.structLayout(
                        JAVA_INT.withName("n_tokens"),
                        MemoryLayout.paddingLayout(4),
                        ADDRESS.withName("token"),
                        ADDRESS.withName("embd"),
                        ADDRESS.withName("pos"),
                        ADDRESS.withName("n_seq_id"),
                        ADDRESS.withName("seq_id"),
                        ADDRESS.withName("logits"))
                .withName("llama_batch");

        /** An anonymous union inside: its members are the struct's own in C. */
        public static final StructLayout LLAMA_MODEL_KV_OVERRIDE = MemoryLayout.structLayout(
                        JAVA_INT.withName("tag"),
                        MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("key"),
                        MemoryLayout.paddingLayout(4),
                        MemoryLayout.unionLayout(
                                JAVA_LONG.withName("val_i64"),
                                JAVA_DOUBLE.withName("val_f64"),
                                JAVA_BOOLEAN.withName("val_bool"),
                                MemoryLayout.sequenceLayout(128, JAVA_BYTE).withName("val_str")))
                .withName("llama_model_kv_override");
    }

    static final class WrongLayouts {
        /** id and logit swapped. */
        public static final StructLayout LLAMA_TOKEN_DATA = MemoryLayout.structLayout(
                        JAVA_FLOAT.withName("logit"), JAVA_INT.withName("id"), JAVA_FLOAT.withName("p"))
                .withName("llama_token_data");

        /** sorted is a C bool (1 byte), not an int; the struct's size comes out the same. */
        public static final StructLayout LLAMA_TOKEN_DATA_ARRAY = MemoryLayout.structLayout(
                        ADDRESS.withName("data"),
                        JAVA_LONG.withName("size"),
                        JAVA_LONG.withName("selected"),
                        JAVA_INT.withName("sorted"),
                        MemoryLayout.paddingLayout(4))
                .withName("llama_token_data_array");

        /** One pointer short. */
        public static final StructLayout LLAMA_CHAT_MESSAGE =
                MemoryLayout.structLayout(ADDRESS.withName("role")).withName("llama_chat_message");
    }

    @Test
    void layoutsThatMatchTheHeaderPass() throws Exception {
        assertThat(StructLayoutCheck.mismatches(RightLayouts.class, LlamaHeader.source(), workDir()))
                .isEmpty();
    }

    @Test
    void aWrongOffsetAWrongMemberSizeAndAWrongStructSizeAreEachCaught() throws Exception {
        assertThat(StructLayoutCheck.mismatches(WrongLayouts.class, LlamaHeader.source(), workDir()))
                .containsExactlyInAnyOrder(
                        "llama_token_data.logit: offset 4 size 4 in the header, offset 0 size 4 in Java",
                        "llama_token_data.id: offset 0 size 4 in the header, offset 4 size 4 in Java",
                        "llama_token_data_array.sorted: offset 24 size 1 in the header, offset 24 size 4 in Java",
                        "sizeof(struct llama_chat_message) is 16 in the header, 8 in Java");
    }

    @Test
    void theHeaderIsOfTheReleaseTheWorkerBundles() throws Exception {
        assertThat(LlamaHeader.release()).isEqualTo("v0.5.0");
        assertThat(Files.readString(LlamaHeader.source().resolve("include/llama.h")))
                .contains("LLAMA_API const char * llama_version(void);");
    }

    private static Path workDir() throws Exception {
        return Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "llama-layout").toAbsolutePath()), "check-");
    }
}
