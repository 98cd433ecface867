package dev.hangar.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

/** The servlet side believes the edge's word about the client only with the edge's secret. */
class EdgeForwardedValveTest {

    private final EdgeForwarding forwarding = new EdgeForwarding();

    @Test
    void aRequestThatReachedTheEdgeOverHttpsIsSecureAndFromTheClientsAddress() throws Exception {
        Request seen = pass(forwarding.value(new InetSocketAddress("203.0.113.7", 50123), true));

        assertThat(seen.getRemoteAddr()).isEqualTo("203.0.113.7");
        assertThat(seen.isSecure()).isTrue();
        assertThat(seen.getScheme()).isEqualTo("https");
        assertThat(seen.getHeader(EdgeForwarding.HEADER))
                .as("the secret goes no further")
                .isNull();
    }

    @Test
    void aForgedHeaderFromAnotherLocalProgramIsIgnored() throws Exception {
        Request seen = pass("guessed-secret 203.0.113.7 https");

        assertThat(seen.getRemoteAddr()).isEqualTo("127.0.0.1");
        assertThat(seen.isSecure()).isFalse();
        assertThat(seen.getHeader(EdgeForwarding.HEADER)).isNull();
    }

    private Request pass(String header) throws Exception {
        Request request = new Request(new Connector(), new org.apache.coyote.Request());
        request.setRemoteAddr("127.0.0.1");
        request.getCoyoteRequest().scheme().setString("http");
        request.getCoyoteRequest()
                .getMimeHeaders()
                .addValue(EdgeForwarding.HEADER)
                .setString(header);
        AtomicReference<Request> seen = new AtomicReference<>();
        EdgeForwardedValve valve = new EdgeForwardedValve(forwarding);
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request passed, Response response) {
                seen.set(passed);
            }
        });
        valve.invoke(request, null);
        return seen.get();
    }
}
