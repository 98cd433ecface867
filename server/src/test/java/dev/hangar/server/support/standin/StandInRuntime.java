package dev.hangar.server.support.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A stand-in for an external runtime (llama-server, vLLM, SGLang, TGI), so that tests can drive an
 * endpoint's whole lifecycle without installing one. {@link StandInExecutable} installs it under a
 * runtime's binary name; it needs nothing but the JDK.
 *
 * <ul>
 *   <li>Version probes ({@code --version}, {@code version}, and {@code python3 -c …}) print one
 *       line and exit 0.
 *   <li>Otherwise it appends one JSON line with its argv, pid and whole environment to the file
 *       named by {@code STANDIN_RECORD}, and serves on
 *       {@code --host}/{@code --hostname} (default 127.0.0.1) and {@code --port}: {@code GET
 *       /health} (503 until {@code STANDIN_READY_AFTER_MS} have passed since the first {@code GET
 *       /health}, so that a caller sees it loading however slowly the process started, then 200), {@code GET
 *       /v1/models} (the {@code --served-model-name} or {@code --alias}), {@code POST
 *       /v1/completions} (one token), {@code POST /v1/embeddings} (three numbers); anything else is
 *       404. With an API key ({@code --api-key}, {@code VLLM_API_KEY}, {@code LLAMA_API_KEY} or
 *       {@code API_KEY}), a POST without {@code Authorization: Bearer <key>} is answered 401.
 *   <li>{@code STANDIN_FAIL_START=1}: says why on stderr and exits 1 at once. {@code
 *       STANDIN_EXIT_AFTER_MS=N}: crashes with exit code 3 after N ms, saying so on stderr. {@code
 *       STANDIN_BREAK_AFTER_BYTES=N}: crashes the same way in the middle of a completion whose
 *       prompt is {@code "break"}, after the answer's head (with the whole body's length) and N bytes
 *       of its body; other completions (the deploy's smoke test) are answered whole.
 *       SIGTERM: exits 0.
 * </ul>
 */
public final class StandInRuntime {

    /** The line a version probe prints after the runtime's name. */
    public static final String VERSION = "stand-in 1.0";

    static final int CRASH_EXIT_CODE = 3;

    private StandInRuntime() {}

    public static void main(String[] args) throws IOException {
        String name = System.getProperty("standin.name", "stand-in");
        List<String> argv = List.of(args);
        if (isVersionProbe(argv)) {
            System.out.println(name + " " + VERSION);
            return;
        }
        if ("1".equals(System.getenv("STANDIN_FAIL_START"))) {
            System.err.println("stand-in: failing to start on purpose (STANDIN_FAIL_START=1)");
            System.exit(1);
        }
        Optional<String> port = flag(argv, "--port");
        if (port.isEmpty()) {
            System.err.println("stand-in: no --port in " + argv);
            System.exit(2);
        }
        record(argv);
        String host = flag(argv, "--host").or(() -> flag(argv, "--hostname")).orElse("127.0.0.1");
        String served = flag(argv, "--served-model-name")
                .or(() -> flag(argv, "--alias"))
                .orElse(name);
        Optional<String> apiKey = flag(argv, "--api-key")
                .or(() -> Optional.ofNullable(System.getenv("VLLM_API_KEY")))
                .or(() -> Optional.ofNullable(System.getenv("LLAMA_API_KEY")))
                .or(() -> Optional.ofNullable(System.getenv("API_KEY")));
        serve(new InetSocketAddress(host, Integer.parseInt(port.get())), served, apiKey);
        System.out.println("stand-in: " + name + " serving " + served + " on " + host + ":" + port.get());
        environmentNumber("STANDIN_EXIT_AFTER_MS").ifPresent(StandInRuntime::crashAfter);
    }

    private static boolean isVersionProbe(List<String> argv) {
        return argv.size() == 1
                        && (argv.getFirst().equals("--version")
                                || argv.getFirst().equals("version"))
                || argv.size() == 2 && argv.getFirst().equals("-c");
    }

    private static void serve(InetSocketAddress address, String served, Optional<String> apiKey) throws IOException {
        long loadingMs = environmentNumber("STANDIN_READY_AFTER_MS").orElse(0L);
        AtomicLong readyAt = new AtomicLong(Long.MAX_VALUE);
        HttpServer server = HttpServer.create(address, 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String route = exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath();
                if (route.startsWith("POST ")
                        && apiKey.isPresent()
                        && !("Bearer " + apiKey.get())
                                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    answer(exchange, 401, "{\"error\":\"a valid API key is required\"}");
                    return;
                }
                switch (route) {
                    case "GET /health" -> {
                        long now = System.currentTimeMillis();
                        readyAt.compareAndSet(Long.MAX_VALUE, now + loadingMs);
                        boolean ready = now >= readyAt.get();
                        answer(exchange, ready ? 200 : 503, ready ? "{\"status\":\"ok\"}" : "{\"status\":\"loading\"}");
                    }
                    case "GET /v1/models" ->
                        answer(
                                exchange,
                                200,
                                "{\"object\":\"list\",\"data\":[{\"id\":" + json(served)
                                        + ",\"object\":\"model\",\"owned_by\":\"stand-in\"}]}");
                    case "POST /v1/completions" ->
                        answerOrBreak(
                                exchange,
                                request.contains("\"prompt\":\"break\""),
                                "{\"id\":\"cmpl-standin\",\"object\":\"text_completion\",\"created\":"
                                        + System.currentTimeMillis() / 1000 + ",\"model\":" + json(served)
                                        + ",\"choices\":[{\"index\":0,\"text\":\" ok\",\"logprobs\":null,"
                                        + "\"finish_reason\":\"length\"}],"
                                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
                    case "POST /v1/embeddings" ->
                        answer(
                                exchange,
                                200,
                                "{\"object\":\"list\",\"model\":" + json(served)
                                        + ",\"data\":[{\"object\":\"embedding\",\"index\":0,"
                                        + "\"embedding\":[0.6,0.0,0.8]}],"
                                        + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}");
                    default -> answer(exchange, 404, "{\"error\":" + json("no route " + route) + "}");
                }
            }
        });
        // Shutdown hooks run on SIGTERM; halting in one makes the exit code 0 rather than 143.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            Runtime.getRuntime().halt(0);
        }));
        server.start();
    }

    private static void crashAfter(long millis) {
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("stand-in: crashing on purpose");
            // halt, not exit: the shutdown hook would turn the exit code into 0.
            Runtime.getRuntime().halt(CRASH_EXIT_CODE);
        });
    }

    private static void answerOrBreak(HttpExchange exchange, boolean asked, String body) throws IOException {
        Optional<Long> breakAfter = environmentNumber("STANDIN_BREAK_AFTER_BYTES");
        if (breakAfter.isEmpty() || !asked) {
            answer(exchange, 200, body);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, (int) Math.min(bytes.length, breakAfter.get()));
        out.flush();
        System.err.println("stand-in: breaking off an answer on purpose");
        Runtime.getRuntime().halt(CRASH_EXIT_CODE);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void record(List<String> argv) throws IOException {
        String file = System.getenv("STANDIN_RECORD");
        if (file == null) {
            return;
        }
        Map<String, String> env = new TreeMap<>(System.getenv());
        String line = "{\"argv\":" + argv.stream().map(StandInRuntime::json).collect(Collectors.joining(",", "[", "]"))
                + ",\"pid\":" + ProcessHandle.current().pid()
                + ",\"env\":"
                + env.entrySet().stream()
                        .map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                        .collect(Collectors.joining(",", "{", "}"))
                + "}\n";
        // One append of a short line: replicas recording at once do not interleave.
        Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Optional<String> flag(List<String> argv, String name) {
        int at = argv.indexOf(name);
        return at >= 0 && at + 1 < argv.size() ? Optional.of(argv.get(at + 1)) : Optional.empty();
    }

    private static Optional<Long> environmentNumber(String variable) {
        return Optional.ofNullable(System.getenv(variable)).map(Long::parseLong);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
