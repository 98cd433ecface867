package dev.hangar.server.gateway;

import dev.hangar.server.endpoint.Endpoint;
import dev.hangar.server.endpoint.EndpointRepository.Row;
import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.gateway.Upstreams.Destination;
import dev.hangar.server.home.CredentialCipher;

/**
 * How the gateway sends an endpoint's requests to one of its replicas, read once per routing-table
 * reading for every endpoint. Where a request goes is the replica's address, as its backend
 * recorded it when it started the replica; what else goes with it depends on the endpoint's kind.
 */
sealed interface Forward {

    /** Where a request to {@code replica} goes, with which {@code Authorization}. */
    Destination to(Replica replica);

    /** Who a request to {@code replica} asks, for the log and the last refusal. */
    String describe(Replica replica);

    static Forward of(Row row, CredentialCipher cipher) {
        return switch (row.endpoint().spec()) {
            case Endpoint.ModelSpec model -> ToReplicas.INSTANCE;
            case Endpoint.RouterSpec router -> ToProvider.of(router, row, cipher);
        };
    }

    /** A model endpoint's replicas: the OpenAI API under the replica's address, with the replica's own token. */
    enum ToReplicas implements Forward {
        INSTANCE;

        @Override
        public Destination to(Replica replica) {
            return new Destination(replica.address() + "/v1", "Bearer " + replica.token(), false);
        }

        @Override
        public String describe(Replica replica) {
            return "replica " + replica.id();
        }
    }

    /**
     * A router endpoint's one replica, its provider: the replica's address is the provider's base
     * URL, the request carries the model name the provider knows and the provider's key (decrypted
     * once per reading).
     *
     * @param authorization null when the provider takes no key
     * @param problem why the endpoint cannot forward (its stored key cannot be decrypted); null when it can
     */
    record ToProvider(String model, String authorization, String problem) implements Forward {

        static ToProvider of(Endpoint.RouterSpec router, Row row, CredentialCipher cipher) {
            String model = router.upstream().model();
            try {
                return new ToProvider(model, row.upstreamAuthorization(cipher).orElse(null), null);
            } catch (IllegalStateException e) {
                return new ToProvider(model, null, e.getMessage());
            }
        }

        @Override
        public Destination to(Replica replica) {
            return new Destination(replica.address(), authorization, true);
        }

        @Override
        public String describe(Replica replica) {
            return "the provider at " + replica.address();
        }
    }
}
