package dev.hangar.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's HTTP front: the JDK's built-in server with a virtual thread per request (chosen because it adds no
 * dependency and no start-up cost; no other server has been measured against it yet), one exact-path router, the API key check, OpenAI-shaped errors, metrics and the request log.
 */
final class WorkerHttpServer implements AutoCloseable {
    /** A path's handler, whether it needs the API key, and whether it uses the model (and so delays a drain). */
    record Binding(Route route, boolean open, boolean usesModel) {}

    private final HttpServer server;
    private final ExecutorService requests;
    private final JsonMapper json;
    /** Bindings by path, then by method. */
    private final Map<String, Map<String, Binding>> routes = new HashMap<>();
    /** Bindings of a path prefix followed by one more segment ({@code /v1/models/{id}}), by prefix, then method. */
    private final Map<String, Map<String, Binding>> prefixRoutes = new HashMap<>();

    private final Optional<byte[]> apiKey;
    private final WorkerMetrics metrics;
    private final RequestLog log;
    private final ActiveRequests active = new ActiveRequests();
    private final CompletionIds ids;
    private final PrintStream errors;

    private WorkerHttpServer(
            HttpServer server,
            JsonMapper json,
            Optional<String> apiKey,
            WorkerMetrics metrics,
            RequestLog log,
            CompletionIds ids,
            PrintStream errors) {
        this.server = server;
        this.json = json;
        this.apiKey = apiKey.map(key -> ("Bearer " + key).getBytes(StandardCharsets.UTF_8));
        this.metrics = metrics;
        this.log = log;
        this.ids = ids;
        this.errors = errors;
        this.requests = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requests);
        server.createContext("/", this::dispatch);
    }

    /** Binds the port at once (so it listens before the model loads); routes are added before {@link #start}. */
    static WorkerHttpServer bind(
            WorkerOptions options,
            JsonMapper json,
            WorkerMetrics metrics,
            RequestLog log,
            CompletionIds ids,
            PrintStream errors)
            throws IOException {
        // Each streamed token is a small write after the headers; with Nagle's algorithm on (the JDK server's
        // default), it waits for the client's delayed ACK, up to 40 ms, before it leaves.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Backlog: connections the kernel holds while every handler is busy; the slot queue bounds the real work.
        HttpServer server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        return new WorkerHttpServer(server, json, options.apiKey(), metrics, log, ids, errors);
    }

    void route(String method, String path, Route route, boolean open, boolean usesModel) {
        routes.computeIfAbsent(path, key -> new TreeMap<>()).put(method, new Binding(route, open, usesModel));
    }

    /** A route for {@code prefix} followed by one path segment, such as {@code /v1/models/} and an id. */
    void prefixRoute(String method, String prefix, Route route, boolean usesModel) {
        prefixRoutes.computeIfAbsent(prefix, key -> new TreeMap<>()).put(method, new Binding(route, false, usesModel));
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    ActiveRequests active() {
        return active;
    }

    private void dispatch(HttpExchange exchange) {
        ApiCall call = new ApiCall(exchange, json, ids.next("req-"));
        exchange.getResponseHeaders().set("x-request-id", call.id());
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Map<String, Binding> methods = bindings(path);
        Binding binding = methods == null ? null : methods.get(method);
        String label = methods == null
                ? "other"
                : routes.containsKey(path) ? path : path.substring(0, path.lastIndexOf('/') + 1) + "{id}";
        boolean usesModel = binding != null && binding.usesModel();
        metrics.requestStarted();
        if (usesModel) {
            active.begin();
        }
        try {
            answer(call, exchange, path, method, methods);
        } finally {
            if (usesModel) {
                active.end();
            }
            exchange.close();
            metrics.requestFinished(label, call.status(), call.elapsed());
            log.log(method, path, call);
        }
    }

    private void answer(ApiCall call, HttpExchange exchange, String path, String method, Map<String, Binding> methods) {
        try {
            if (methods == null) {
                throw ApiError.notFound("no route " + path);
            }
            Binding binding = methods.get(method);
            if (binding == null) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", methods.keySet()));
                throw ApiError.methodNotAllowed(method, path);
            }
            if (!binding.open() && !authorized(exchange)) {
                throw ApiError.unauthorized();
            }
            binding.route().handle(call);
        } catch (ApiError e) {
            sendError(call, e);
        } catch (EngineException e) {
            sendError(
                    call,
                    e.rejectedRequest()
                            ? ApiError.badRequest(e.getMessage(), null)
                            : ApiError.engineFailed(e.getMessage()));
        } catch (IOException e) {
            // The client closed the connection: the generation was cancelled where the write failed.
            call.markClientClosed();
        } catch (Exception e) {
            errors.println("hangar worker: request " + call.id() + " failed: " + e);
            sendError(call, ApiError.engineFailed("internal error: " + e.getMessage()));
        }
    }

    private Map<String, Binding> bindings(String path) {
        Map<String, Binding> exact = routes.get(path);
        int slash = path.lastIndexOf('/');
        if (exact != null || slash == path.length() - 1) {
            return exact;
        }
        return prefixRoutes.get(path.substring(0, slash + 1));
    }

    private boolean authorized(HttpExchange exchange) {
        if (apiKey.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        // Constant-time comparison: the key must not leak through response timing.
        return header != null && MessageDigest.isEqual(apiKey.get(), header.getBytes(StandardCharsets.UTF_8));
    }

    private void sendError(ApiCall call, ApiError error) {
        if (call.responded()) {
            return;
        }
        try {
            call.sendError(error);
        } catch (IOException e) {
            call.markClientClosed();
        }
    }

    /** Stops listening; requests still running are cut off, so drain first. */
    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}
