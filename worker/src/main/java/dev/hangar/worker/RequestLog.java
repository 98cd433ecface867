package dev.hangar.worker;

import java.io.PrintStream;
import java.time.Duration;

/**
 * One line per request on stdout, {@code key=value} pairs the control plane captures and parses; plain print instead of
 * a logging framework keeps start-up short.
 */
final class RequestLog {
    private final PrintStream out;

    RequestLog(PrintStream out) {
        this.out = out;
    }

    void log(String method, String path, ApiCall call) {
        Duration ttft = call.timeToFirstToken();
        out.println("request id=" + call.id() + " method=" + method + " path=" + path + " status=" + call.status()
                + " prompt_tokens=" + call.promptTokens() + " completion_tokens=" + call.completionTokens()
                + " ttft_ms=" + (ttft == null ? "-" : String.valueOf(ttft.toMillis()))
                + " total_ms=" + call.elapsed().toMillis());
    }
}
