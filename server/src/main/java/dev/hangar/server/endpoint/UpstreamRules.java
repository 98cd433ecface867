package dev.hangar.server.endpoint;

import dev.hangar.server.endpoint.EndpointRepository.StoredUpstream;
import dev.hangar.server.home.CredentialCipher;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.router.UpstreamResolver;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import org.springframework.stereotype.Component;

/**
 * What a router endpoint's upstream must be: an http(s) base URL the gateway can append
 * {@code /chat/completions} to, a model name (the endpoint's own name unless given), and the
 * provider's API key, which is sealed before it is stored and never shown again. The URL's host
 * must resolve to addresses a router may reach ({@link UpstreamResolver}), checked whenever it is
 * set; connections check again.
 */
@Component
class UpstreamRules {

    /**
     * An upstream as a user gives it; null fields keep what is stored (or take their defaults when
     * new). An empty {@code apiKey} removes the stored key.
     */
    record UpstreamSpec(
            @Size(max = 2000) String baseUrl,
            @Size(max = 256) String model,
            @Size(max = 2000) String apiKey) {}

    private final CredentialCipher cipher;
    private final UpstreamResolver resolver;

    UpstreamRules(CredentialCipher cipher, UpstreamResolver resolver) {
        this.cipher = cipher;
        this.resolver = resolver;
    }

    StoredUpstream create(String endpointName, UpstreamSpec spec, TokenPricing pricing) {
        if (spec == null || spec.baseUrl() == null) {
            throw ApiException.invalidField("upstream.baseUrl", MessageCode.UPSTREAM_URL_REQUIRED.with());
        }
        return new StoredUpstream(
                reachableBaseUrl(spec.baseUrl()),
                spec.model() == null ? endpointName : model(spec.model()),
                spec.apiKey() == null || spec.apiKey().isEmpty() ? null : cipher.seal(spec.apiKey()),
                pricing);
    }

    StoredUpstream change(StoredUpstream current, UpstreamSpec spec, TokenPricing pricing) {
        if (spec == null) {
            return new StoredUpstream(current.baseUrl(), current.model(), current.apiKey(), pricing);
        }
        String apiKey =
                spec.apiKey() == null ? current.apiKey() : spec.apiKey().isEmpty() ? null : cipher.seal(spec.apiKey());
        return new StoredUpstream(
                spec.baseUrl() == null ? current.baseUrl() : reachableBaseUrl(spec.baseUrl()),
                spec.model() == null ? current.model() : model(spec.model()),
                apiKey,
                pricing == null ? current.pricing() : pricing);
    }

    /** {@link #baseUrl} whose host resolves to addresses a router may reach. */
    private String reachableBaseUrl(String text) {
        String url = baseUrl(text);
        try {
            resolver.resolve(URI.create(url).getHost());
        } catch (UpstreamResolver.Refused e) {
            throw badUrl(MessageCode.UPSTREAM_URL_REFUSED.with("reason", e.getMessage()));
        } catch (UnknownHostException e) {
            throw badUrl(MessageCode.UPSTREAM_URL_UNRESOLVED.with(
                    "host", URI.create(url).getHost()));
        }
        return url;
    }

    /** The URL without a trailing slash; refused unless it is absolute http(s) with a host and nothing after the path. */
    static String baseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw badUrl(MessageCode.UPSTREAM_URL_INVALID.with("reason", e.getReason()));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badUrl(MessageCode.UPSTREAM_URL_SCHEME.with());
        }
        if (uri.getHost() == null) {
            throw badUrl(MessageCode.UPSTREAM_URL_NO_HOST.with());
        }
        if (uri.getRawUserInfo() != null) {
            throw badUrl(MessageCode.UPSTREAM_URL_CREDENTIALS.with());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw badUrl(MessageCode.UPSTREAM_URL_QUERY.with());
        }
        String url = uri.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String model(String model) {
        if (model.isBlank()) {
            throw ApiException.invalidField("upstream.model", MessageCode.UPSTREAM_MODEL_BLANK.with());
        }
        return model.strip();
    }

    private static ApiException badUrl(Message problem) {
        return ApiException.invalidField("upstream.baseUrl", MessageCode.UPSTREAM_URL_BAD.with("problem", problem));
    }
}
