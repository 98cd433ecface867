package dev.hangar.worker.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The binding's own struct layouts ({@link LlamaStructs}) against gcc's {@code sizeof}/{@code offsetof} from the header
 * of the llama.cpp release the worker bundles: every size and member offset agrees.
 */
class LlamaStructsLayoutTest {

    @Test
    void everyBoundStructMatchesTheBundledReleasesHeader() throws Exception {
        assertThat(StructLayoutCheck.layoutsOf(LlamaStructs.class))
                .extracting(layout -> layout.name().orElseThrow())
                .as("the structs llama.cpp's functions take or return by value are all checked")
                .contains(
                        "llama_model_params",
                        "llama_context_params",
                        "llama_batch",
                        "llama_sampler_chain_params",
                        "ggml_threadpool_params");
        Path workDir = Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "llama-layout").toAbsolutePath()), "structs-");

        assertThat(StructLayoutCheck.mismatches(LlamaStructs.class, LlamaHeader.source(), workDir))
                .isEmpty();
    }
}
