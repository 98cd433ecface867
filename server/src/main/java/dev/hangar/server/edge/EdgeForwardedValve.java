package dev.hangar.server.edge;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.Optional;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Gives the servlet container's requests the edge's view of the client: the remote address is the
 * client's, not the edge's loopback one, and a request that reached the edge over HTTPS is secure
 * (so the session cookie gets {@code Secure}). A request without the edge's secret keeps what
 * the loopback connection says. The header itself goes no further.
 */
final class EdgeForwardedValve extends ValveBase {

    private final EdgeForwarding forwarding;

    EdgeForwardedValve(EdgeForwarding forwarding) {
        super(true);
        this.forwarding = forwarding;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Optional<EdgeForwarding.Client> client = forwarding.read(request.getHeader(EdgeForwarding.HEADER));
        request.getCoyoteRequest().getMimeHeaders().removeHeader(EdgeForwarding.HEADER);
        client.ifPresent(c -> {
            request.setRemoteAddr(c.address());
            request.setRemoteHost(c.address());
            if (c.secure()) {
                request.setSecure(true);
                request.getCoyoteRequest().scheme().setString("https");
            }
        });
        getNext().invoke(request, response);
    }
}
