package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.endpoint.ReplicaState;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ResponseRelayTest {

    private static final String FIRST_EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";

    private final Replica replica = new Replica(
            "rep-1", "ep-1", 0, 1, ReplicaState.READY, "127.0.0.1", 8100, 1L, null, "", "", 0, null, null, null, null);
    private final ResponseRelay relay = new ResponseRelay(JsonMapper.builder().build());

    @Test
    void statusContentTypeAndBodyArePassedOnWithTheReplicaNamed() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        byte[] body = "{\"error\":{\"message\":\"bad\"}}".getBytes(StandardCharsets.UTF_8);

        relay.relay("chat", replica, upstream(400, "application/json", new ByteArrayInputStream(body)), response);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeader(ResponseRelay.REPLICA_HEADER)).isEqualTo("rep-1");
        assertThat(response.getContentAsByteArray()).isEqualTo(body);
    }

    @Test
    void aStreamTheReplicaBreaksOffEndsWithAnErrorEvent() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();

        relay.relay("chat", replica, upstream(200, "text/event-stream", new BreakingStream(FIRST_EVENT)), response);

        String sent = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(sent).startsWith(FIRST_EVENT);
        assertThat(sent.substring(FIRST_EVENT.length()))
                .startsWith("data: {\"error\":{\"message\":\"The replica serving endpoint 'chat' failed")
                .contains("\"type\":\"server_error\"")
                .endsWith("\n\n");
    }

    @Test
    void aClientThatGoesAwayClosesTheReplicasAnswer() throws IOException {
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
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        relay.relay("chat", replica, upstream(200, "text/event-stream", endless), response);

        assertThat(closed).isTrue();
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

    private static HttpResponse<InputStream> upstream(int status, String contentType, InputStream body) {
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1:8100/v1/chat/completions"))
                        .build();
            }

            @Override
            public Optional<HttpResponse<InputStream>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (name, value) -> true);
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return request().uri();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
