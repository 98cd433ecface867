package dev.hangar.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EngineArgValidatorTest {

    private final RuntimeCatalog catalog = new RuntimeCatalog();

    record Bad(String runtime, String arg, Object value, String message) {
        @Override
        public String toString() {
            return runtime + " " + arg + "=" + value;
        }
    }

    static Stream<Bad> badArguments() {
        return Stream.of(
                new Bad("vllm", "max-modle-len", 4096, "is not an argument of vllm"),
                new Bad("vllm", "max-model-len", "long", "must be a whole number"),
                new Bad("vllm", "max-model-len", 1.5, "must be a whole number"),
                new Bad("vllm", "max-model-len", 0, "must be between 1"),
                new Bad("vllm", "gpu-memory-utilization", 1.5, "must be between 0.01 and 1.0"),
                new Bad("vllm", "gpu-memory-utilization", "NaN", "must be a number"),
                new Bad("vllm", "dtype", "float8", "must be one of auto, half, "),
                new Bad("vllm", "enforce-eager", "yes", "must be true or false"),
                new Bad("vllm", "enforce-eager", 1, "must be true or false"),
                new Bad("vllm", "chat-template", "", "must be the template's text (not a path)"),
                new Bad("vllm", "chat-template", "{{ x }}\u0000", "without control characters"),
                new Bad("vllm", "chat-template", List.of("a"), "must be a single value"),
                new Bad("llama.cpp", "parallel", 65, "must be between 1 and 64"),
                new Bad("llama-server", "lora", "/etc/passwd", "must name a registry model you may use"),
                new Bad("llama-server", "lora", "adapters/a.gguf", "not a path"),
                new Bad("llama-server", "lora", "../a.gguf", "must name a registry model you may use"),
                new Bad("llama-server", "cache-type-k", "q2_k", "must be one of"),
                new Bad("sglang", "chunked-prefill-size", -2, "must be between -1"),
                new Bad("ollama", "kv-cache-type", "q5_0", "must be one of f16, q8_0, q4_0, not 'q5_0'"),
                new Bad("tgi", "max-concurrent-requests", Map.of("n", 1), "must be a single value, not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentIsA400NamingIt(Bad bad) {
        RuntimeSpec runtime = catalog.find(bad.runtime()).orElseThrow();

        assertThatThrownBy(() -> EngineArgValidator.validate(runtime, Map.of(bad.arg(), bad.value())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("engineArgs." + bad.arg());
                    assertThat(e.errors().getFirst().problem().text()).contains(bad.message());
                });
    }

    @Test
    void onlyValuesThatDifferFromTheDefaultAreKeptTypedAndInSchemaOrder() {
        RuntimeSpec vllm = catalog.find("vllm").orElseThrow();

        Map<String, Object> kept = EngineArgValidator.validate(
                vllm,
                Map.of(
                        "enforce-eager",
                        "true",
                        "dtype",
                        "auto",
                        "max-model-len",
                        "8192",
                        "tensor-parallel-size",
                        1,
                        "gpu-memory-utilization",
                        "0.9"));

        assertThat(kept).containsExactly(Map.entry("max-model-len", 8192L), Map.entry("enforce-eager", true));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        RuntimeSpec vllm = catalog.find("vllm").orElseThrow();

        assertThatThrownBy(() -> EngineArgValidator.validate(vllm, Map.of("nope", 1, "max-model-len", -1)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errors()).hasSize(2);
                    assertThat(e.getMessage())
                            .startsWith(
                                    "engineArgs.nope: is not an argument of vllm; known: tensor-parallel-size, pipeline-parallel-size, max-model-len, ")
                            .contains("; engineArgs.max-model-len: must be between 1 and ");
                });
    }

    @Test
    void everyRuntimeDocumentsEveryArgument() {
        for (RuntimeSpec runtime : catalog.all()) {
            assertThat(runtime.engineArgs())
                    .as(runtime.name() + ": only a router, which starts no process, has no engine arguments")
                    .matches(args -> !args.isEmpty() || runtime.router());
            for (EngineArg arg : runtime.engineArgs()) {
                assertThat(arg.help()).as(runtime.name() + " " + arg.name()).isNotBlank();
                assertThat(arg.flag()).as(runtime.name() + " " + arg.name()).isNotBlank();
                if (arg.type() == ArgType.ENUM) {
                    assertThat(arg.choices()).isNotEmpty();
                    if (arg.defaultValue() != null) {
                        assertThat(arg.choices()).contains((String) arg.defaultValue());
                    }
                }
                if (arg.type() == ArgType.BOOL
                        && Boolean.TRUE.equals(arg.defaultValue())
                        && arg.via() == ArgTarget.FLAG) {
                    assertThat(arg.negatedFlag())
                            .as(runtime.name() + " " + arg.name())
                            .isNotBlank();
                }
            }
            assertThat(runtime.engineArgs().stream()
                            .map(EngineArg::name)
                            .distinct()
                            .count())
                    .isEqualTo(runtime.engineArgs().size());
        }
    }
}
