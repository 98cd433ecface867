package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ResponseRelayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FIRST_EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private static final String ROLE_EVENT = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n";
    private static final String USAGE_EVENT =
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private final Replica replica = new Replica(
            "rep-1", "ep-1", 0, 1, ReplicaState.READY, "127.0.0.1", 8100, 1L, null, "", "", 0, null, null, null, null);
    private final ResponseRelay relay = new ResponseRelay(JSON);

    @Test
    void statusContentTypeAndBodyArePassedOnWithTheReplicaNamed() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] body = "{\"error\":{\"message\":\"bad\"}}".getBytes(StandardCharsets.UTF_8);

        Relayed relayed = relay.relay("chat", replica, chat(false), upstream(400, "application/json", body), response);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeader(AnswerPass.REPLICA_HEADER)).isEqualTo("rep-1");
        assertThat(response.getContentAsByteArray()).isEqualTo(body);
        assertThat(relayed.ending()).isEqualTo(Relayed.Ending.COMPLETE);
        assertThat(relayed.usage()).isEmpty();
    }

    @Test
    void aFullReplicasRetryAfterReachesTheClientAndOtherHeadersDoNot() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] body = "{\"error\":{\"message\":\"queue full\"}}".getBytes(StandardCharsets.UTF_8);

        relay.relay(
                "chat",
                replica,
                chat(false),
                upstream(
                        429,
                        "application/json",
                        new ByteArrayInputStream(body),
                        Map.of("Retry-After", "2", "retry-after-ms", "1500", "Set-Cookie", "a=b")),
                response);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("2");
        assertThat(response.getHeader("retry-after-ms")).isEqualTo("1500");
        assertThat(response.getHeader("Set-Cookie")).isNull();
    }

    @Test
    void theUsageOfAJsonAnswerIsReadWhereverItIsInTheBody() throws IOException {
        String body = "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5},"
                + "\"choices\":[{\"message\":{\"content\":\"a \\\"usage\\\": {\\\"prompt_tokens\\\": 99}\","
                + "\"usage\":{\"prompt_tokens\":1000}}}]}";
        MockHttpServletResponse response = new MockHttpServletResponse();

        Relayed relayed = relay.relay(
                "chat",
                replica,
                chat(false),
                upstream(200, "application/json", body.getBytes(StandardCharsets.UTF_8)),
                response);

        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(relayed.usage()).contains(new TokenUsage(12, 5, false));
        assertThat(relayed.firstTokenNanos()).isPositive();
    }

    @Test
    void aStreamPassesEveryEventAndReportsItsUsageAndFirstContent() throws IOException {
        String stream = ROLE_EVENT + FIRST_EVENT + FIRST_EVENT + USAGE_EVENT + DONE;
        MockHttpServletResponse response = new MockHttpServletResponse();

        Relayed relayed = relay.relay("chat", replica, chat(true), events(stream), response);

        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(stream);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(relayed.usage()).contains(new TokenUsage(7, 2, false));
        assertThat(relayed.contentChunks()).isEqualTo(2);
    }

    @Test
    void theUsageEventTheGatewayAskedForIsNotPassedOn() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        RoutedRequest request = RoutedRequest.parse(
                InferenceKind.CHAT,
                "{\"model\":\"m\",\"messages\":[],\"stream\":true}".getBytes(StandardCharsets.UTF_8),
                JSON);
        assertThat(request.usageAdded()).isTrue();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"include_usage\":true");

        Relayed relayed = relay.relay("chat", replica, request, events(FIRST_EVENT + USAGE_EVENT + DONE), response);

        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(FIRST_EVENT + DONE);
        assertThat(relayed.usage()).contains(new TokenUsage(7, 2, false));
    }

    @Test
    void eventsSplitAcrossReadsArePassedWhole() throws IOException {
        String stream = FIRST_EVENT + USAGE_EVENT + DONE;
        MockHttpServletResponse response = new MockHttpServletResponse();
        InputStream trickle = new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 3));
            }
        };

        Relayed relayed =
                relay.relay("chat", replica, chat(true), upstream(200, "text/event-stream", trickle), response);

        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(stream);
        assertThat(relayed.usage()).contains(new TokenUsage(7, 2, false));
    }

    @Test
    void aStreamTheReplicaBreaksOffEndsWithAnErrorEvent() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();

        Relayed relayed = relay.relay(
                "chat",
                replica,
                chat(true),
                upstream(200, "text/event-stream", new BreakingStream(FIRST_EVENT)),
                response);

        String sent = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(sent).startsWith(FIRST_EVENT);
        assertThat(sent.substring(FIRST_EVENT.length()))
                .startsWith("data: {\"error\":{\"message\":\"The replica serving endpoint 'chat' failed")
                .contains("\"type\":\"server_error\"")
                .endsWith("\n\n");
        assertThat(relayed.ending()).isEqualTo(Relayed.Ending.REPLICA_FAILED);
    }

    @Test
    void aClientThatGoesAwayEndsTheRelay() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse() {
            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        throw new IOException("Broken pipe");
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {}
                };
            }
        };
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return '\n';
            }
        };

        Relayed relayed =
                relay.relay("chat", replica, chat(true), upstream(200, "text/event-stream", endless), response);

        assertThat(relayed.ending()).isEqualTo(Relayed.Ending.CLIENT_GONE);
    }

    private static RoutedRequest chat(boolean stream) {
        return new RoutedRequest(InferenceKind.CHAT, "m", new byte[0], stream, false, 0, 0);
    }

    private static UpstreamResponse events(String text) {
        return upstream(200, "text/event-stream", text.getBytes(StandardCharsets.UTF_8));
    }

    private static UpstreamResponse upstream(int status, String contentType, byte[] body) {
        return upstream(status, contentType, new ByteArrayInputStream(body));
    }

    private static UpstreamResponse upstream(int status, String contentType, InputStream body) {
        return upstream(status, contentType, body, Map.of());
    }

    private static UpstreamResponse upstream(
            int status, String contentType, InputStream body, Map<String, String> headers) {
        return new UpstreamResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public Optional<String> header(String name) {
                return Optional.ofNullable(headers.get(name));
            }

            @Override
            public void close() {}
        };
    }

    /** Sends some bytes, then fails as a replica killed mid-answer does. */
    private static final class BreakingStream extends InputStream {
        private final InputStream first;

        BreakingStream(String text) {
            this.first = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() throws IOException {
            int b = first.read();
            if (b < 0) {
                throw new IOException("Connection reset");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = first.read(buffer, offset, length);
            if (n < 0) {
                throw new IOException("Connection reset");
            }
            return n;
        }
    }
}
