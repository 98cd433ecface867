package dev.hangar.server.endpoint;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Environment variables a user may not give a replica, because a program reads them to decide what
 * code to load or run, or because they configure the runtime past its checked engine arguments.
 * A replica runs as the server's OS user, so any of them would be code execution on the server
 * (issue 23, C1): {@code JAVA_TOOL_OPTIONS=-javaagent:…}, {@code LD_PRELOAD}, {@code PYTHONPATH},
 * {@code BASH_ENV}, or TGI's {@code TRUST_REMOTE_CODE} (every TGI flag is also a variable).
 */
enum ReservedVariables {
    LOADER(
            MessageCode.ENV_RESERVED_LOADER,
            Set.of("GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "LOCPATH", "NLSPATH", "HOSTALIASES"),
            List.of("LD_", "DYLD_", "GLIBC_", "MALLOC_"),
            List.of()),
    INTERPRETER(
            MessageCode.ENV_RESERVED_INTERPRETER,
            Set.of("CLASSPATH", "JDK_JAVA_OPTIONS", "NODE_OPTIONS", "NODE_PATH", "PERLLIB", "RUBYOPT", "RUBYLIB"),
            List.of("JAVA_", "JDK_", "PYTHON", "PERL5", "RUBY", "NODE_", "GEM_", "LUA_", "TRITON_", "TORCH"),
            List.of("_OPTIONS", "_OPTS")),
    SHELL(
            MessageCode.ENV_RESERVED_SHELL,
            Set.of(
                    "PATH",
                    "HOME",
                    "ENV",
                    "SHELL",
                    "IFS",
                    "CDPATH",
                    "PS4",
                    "PROMPT_COMMAND",
                    "TMPDIR",
                    "USER",
                    "LOGNAME"),
            List.of("BASH_", "XDG_"),
            List.of()),
    RUNTIME(
            MessageCode.ENV_RESERVED_RUNTIME,
            Set.of(
                    "API_KEY",
                    "TRUST_REMOTE_CODE",
                    "LORA_ADAPTERS",
                    "MODEL_ID",
                    "HOSTNAME",
                    "PORT",
                    "HF_HOME",
                    "HF_MODULES_CACHE"),
            List.of("OLLAMA_", "VLLM_", "SGLANG_", "SGL_", "LLAMA_", "TGI_"),
            List.of("_VISIBLE_DEVICES"));

    private final MessageCode why;
    private final Set<String> names;
    private final List<String> prefixes;
    private final List<String> suffixes;

    ReservedVariables(MessageCode why, Set<String> names, List<String> prefixes, List<String> suffixes) {
        this.why = why;
        this.names = names;
        this.prefixes = prefixes;
        this.suffixes = suffixes;
    }

    /** Why a user may not set {@code name}; empty when they may. */
    static Optional<Message> why(String name) {
        for (ReservedVariables reserved : values()) {
            if (reserved.names.contains(name)
                    || reserved.prefixes.stream().anyMatch(name::startsWith)
                    || reserved.suffixes.stream().anyMatch(name::endsWith)) {
                return Optional.of(MessageCode.ENV_RESERVED.with("why", reserved.why.with()));
            }
        }
        return Optional.empty();
    }
}
