package dev.hangar.server.endpoint;

/**
 * What the endpoint API needs from whatever runs replicas (the reconciler): to be told that the
 * desired state changed, to stop an endpoint's replicas before the endpoint is deleted, and to
 * remove their files after.
 */
public interface EndpointControl {

    /** The endpoint's desired state changed; converge soon rather than at the next periodic pass. */
    void wake(String endpointId);

    /** Stops every replica process of the endpoint and waits until they are gone. */
    void stopReplicas(String endpointId);

    /** Removes what the deleted endpoint's replicas left on disk: logs, working directories, model copies. */
    void removeFiles(String endpointId);
}
