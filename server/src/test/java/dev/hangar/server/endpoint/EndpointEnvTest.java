package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.problem.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which environment variables a user may give an endpoint's replicas. */
class EndpointEnvTest {

    private final EndpointEnv rules = new EndpointEnv(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "JAVA_TOOL_OPTIONS",
                "JDK_JAVA_OPTIONS",
                "JAVA_HOME",
                "LD_PRELOAD",
                "LD_AUDIT",
                "LD_LIBRARY_PATH",
                "DYLD_INSERT_LIBRARIES",
                "GCONV_PATH",
                "GLIBC_TUNABLES",
                "PYTHONPATH",
                "PYTHONSTARTUP",
                "PERL5OPT",
                "RUBYOPT",
                "NODE_OPTIONS",
                "CLASSPATH",
                "PATH",
                "HOME",
                "BASH_ENV",
                "ENV",
                "SHELL",
                "IFS",
                "HANGAR_HOME",
                "OLLAMA_HOST",
                "VLLM_ALLOW_RUNTIME_LORA_UPDATING",
                "LLAMA_ARG_LORA",
                "TRUST_REMOTE_CODE",
                "LORA_ADAPTERS",
                "RES_OPTIONS",
                "CUDA_VISIBLE_DEVICES",
                "TRITON_CACHE_DIR",
                "XDG_CACHE_HOME"
            })
    void loaderJvmInterpreterShellAndRuntimeVariablesAreRefusedByName(String name) {
        assertThatThrownBy(() -> rules.check(Map.of(name, "x")))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("env." + name + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower_case", "_JAVA_OPTIONS", "1ABC", "A-B", "BASH_FUNC_x%%"})
    void namesOutsideTheSafePatternAreRefused(String name) {
        assertThatThrownBy(() -> rules.check(Map.of(name, "x")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("is not an allowed variable name");
    }

    @Test
    void ordinaryVariablesPass() {
        Map<String, String> env = Map.of("HF_TOKEN", "hf_abc", "OMP_NUM_THREADS", "4", "STANDIN_RECORD", "/tmp/r");

        assertThat(rules.check(env)).isEqualTo(env);
    }

    @Test
    void anAdminCanAllowAnExtraVariable() {
        EndpointEnv allowing = new EndpointEnv(List.of("PYTHONHASHSEED", "VLLM_LOGGING_*"));

        assertThat(allowing.check(Map.of("PYTHONHASHSEED", "0", "VLLM_LOGGING_LEVEL", "DEBUG")))
                .containsEntry("PYTHONHASHSEED", "0");
        assertThatThrownBy(() -> allowing.check(Map.of("PYTHONPATH", "/tmp")))
                .hasMessageStartingWith("env.PYTHONPATH: may not be set");
    }

    @Test
    void hangarVariablesStayReservedEvenWhenAnAdminAllowsEverything() {
        EndpointEnv allowing = new EndpointEnv(List.of("*"));

        assertThat(allowing.check(Map.of("LD_PRELOAD", "/x.so"))).hasSize(1);
        assertThatThrownBy(() -> allowing.check(Map.of("HANGAR_REPLICA_TOKEN", "forged")))
                .hasMessageContaining("set by Hangar itself");
    }
}
