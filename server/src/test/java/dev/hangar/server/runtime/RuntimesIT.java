package dev.hangar.server.runtime;

import static dev.hangar.server.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RuntimesIT extends ServerTest {

    @Test
    void catalogListsEveryRuntimeWithItsSchemaAndInstallation() {
        JsonNode runtimes = admin().get("/api/v1/runtimes").json();

        assertThat(runtimes.valueStream().map(r -> r.get("name").asString()))
                .containsExactly(
                        "llama.cpp",
                        "vllm",
                        "sglang",
                        "tgi",
                        "llama-server",
                        "ollama",
                        "transformers",
                        "openai-compatible");
        JsonNode router = runtimes.get(7);
        assertThat(router.get("formats")).as("a router takes no registry model").isEmpty();
        assertThat(router.at("/installation/installed").asBoolean())
                .as("nothing to install: the gateway forwards")
                .isTrue();
        JsonNode vllm = runtimes.get(1);
        assertThat(vllm.get("formats").valueStream().map(JsonNode::asString)).containsExactly("safetensors");
        assertThat(vllm.at("/installation/installed").isBoolean()).isTrue();
        JsonNode maxModelLen = vllm.get("engineArgs")
                .valueStream()
                .filter(a -> a.get("name").asString().equals("max-model-len"))
                .findFirst()
                .orElseThrow();
        assertThat(maxModelLen.get("type").asString()).isEqualTo("int");
        assertThat(maxModelLen.get("flag").asString()).isEqualTo("--max-model-len");
        assertThat(maxModelLen.get("help").asString()).isNotBlank();
        assertThat(runtimes.get(0).get("builtIn").asBoolean()).isTrue();
        assertThat(runtimes.get(6).get("launchable").asBoolean()).isFalse();
    }

    @Test
    void unknownRuntimeIsA404() {
        assertProblem(admin().get("/api/v1/runtimes/triton"), 404, "not-found");
    }
}
