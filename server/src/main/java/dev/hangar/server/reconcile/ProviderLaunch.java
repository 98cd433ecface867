package dev.hangar.server.reconcile;

/**
 * A router endpoint's replica to start: the provider at {@code baseUrl} serving {@code model}.
 *
 * @param authorization the {@code Authorization} header with the provider's key; null when it takes none
 */
public record ProviderLaunch(String replicaId, String baseUrl, String model, String authorization) {

    /** Without the key: a launch may end up in a log line. */
    @Override
    public String toString() {
        return "ProviderLaunch[" + replicaId + ", model " + model + " at " + baseUrl + "]";
    }
}
