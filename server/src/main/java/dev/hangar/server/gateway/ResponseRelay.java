package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Replica;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passes a replica's response to a servlet client as it arrives (see {@link AnswerPass}): status,
 * headers, then the body, flushed as it comes. If the replica breaks off an event stream, the
 * client gets a last {@code data:} event with an OpenAI error instead of a stream that just stops;
 * if the client goes away, the replica's response is dropped, which cancels its work.
 */
@Component
class ResponseRelay {

    private static final Logger log = LoggerFactory.getLogger(ResponseRelay.class);

    private final JsonMapper json;

    ResponseRelay(JsonMapper json) {
        this.json = json;
    }

    Relayed relay(
            String endpoint,
            Replica replica,
            RoutedRequest request,
            UpstreamResponse upstream,
            HttpServletResponse response)
            throws IOException {
        String contentType = upstream.contentType();
        response.setStatus(upstream.status());
        AnswerPass.headers(contentType, replica.id(), upstream::header).forEach(response::setHeader);
        AnswerPass pass = AnswerPass.of(contentType, upstream.status(), request, response.getOutputStream(), json);
        InputStream in = upstream.body();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                log.warn("endpoint {}: replica {} broke off its answer: {}", endpoint, replica.id(), e.toString());
                try {
                    pass.replicaBrokeOff(endpoint);
                } catch (IOException gone) {
                    log.info("endpoint {}: client went away before the stream's error event", endpoint);
                }
                return pass.result(upstream.status(), Relayed.Ending.REPLICA_FAILED);
            }
            try {
                if (n < 0) {
                    pass.finish();
                    return pass.result(upstream.status(), Relayed.Ending.COMPLETE);
                }
                pass.accept(buffer, 0, n);
            } catch (IOException e) {
                log.info(
                        "endpoint {}: client went away during the answer of replica {}; cancelled it",
                        endpoint,
                        replica.id());
                return pass.result(upstream.status(), Relayed.Ending.CLIENT_GONE);
            }
        }
    }
}
