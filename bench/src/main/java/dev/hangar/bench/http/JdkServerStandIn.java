package dev.hangar.bench.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The worker's HTTP layer without the model: the JDK's built-in server configured as
 * {@code WorkerHttpServer} is (virtual thread per request, TCP_NODELAY, backlog 256), answering
 * {@link Answers}. Usage: {@code JdkServerStandIn PORT}.
 */
public final class JdkServerStandIn {

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (Answers.streamed(exchange.getRequestURI().getPath())) {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    for (int i = 0; i < Answers.CHUNKS; i++) {
                        out.write(Answers.CHUNK);
                        out.flush();
                    }
                    out.write(Answers.DONE);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, Answers.COMPLETION.length);
                    exchange.getResponseBody().write(Answers.COMPLETION);
                }
            }
        });
        server.start();
        System.out.println("listening");
    }

    private JdkServerStandIn() {}
}
