package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Upstream;
import dev.hangar.server.home.CredentialCipher;

/**
 * Where a router endpoint's requests go: the provider's base URL, the model name it knows and the
 * {@code Authorization} header with the provider's key (decrypted once per routing-table reading).
 *
 * @param authorization null when the provider takes no key
 * @param problem why the endpoint cannot forward (its stored key cannot be decrypted); null when it can
 */
record Forward(String baseUrl, String model, String authorization, String problem) {

    static Forward of(Upstream upstream, Row row, CredentialCipher cipher) {
        try {
            return new Forward(
                    upstream.baseUrl(),
                    upstream.model(),
                    row.upstreamAuthorization(cipher).orElse(null),
                    null);
        } catch (IllegalStateException e) {
            return new Forward(upstream.baseUrl(), upstream.model(), null, e.getMessage());
        }
    }
}
