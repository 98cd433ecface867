package dev.hangar.server.problem;

import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: {@code hangar.api.max-body-size} on the management API, the larger
 * {@code hangar.api.max-gateway-body-size} on {@code /v1}; model file uploads are not capped here. A declared length over the limit is
 * refused before a byte is read; a chunked body is cut off when it crosses the limit. Either way
 * the answer is 413, never an out-of-memory server.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final Pattern UPLOAD = Pattern.compile("/api/v1/models/[^/]+/files/.+");

    private final long apiLimit;
    private final long gatewayLimit;
    private final ErrorResponses responses;

    RequestBodyLimitFilter(HangarProperties properties, ErrorResponses responses) {
        this.apiLimit = properties.api().maxBodySize().toBytes();
        this.gatewayLimit = properties.api().maxGatewayBodySize().toBytes();
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (isFileUpload(request)) {
            chain.doFilter(request, response);
            return;
        }
        long limit = path.startsWith("/v1/") ? gatewayLimit : apiLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            responses.write(
                    request,
                    response,
                    ApiProblem.of(
                            ProblemType.PAYLOAD_TOO_LARGE,
                            MessageCode.PROBLEM_BODY_OVER_LIMIT.with("size", declared, "limit", limit)));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    /** Model file uploads stream to disk and are bounded by the free space there, not by the JSON body limit. */
    private static boolean isFileUpload(HttpServletRequest request) {
        return "PUT".equals(request.getMethod())
                && UPLOAD.matcher(request.getRequestURI()).matches();
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
