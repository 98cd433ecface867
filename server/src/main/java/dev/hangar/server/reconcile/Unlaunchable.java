package dev.hangar.server.reconcile;

import dev.hangar.server.endpoint.EndpointState;

/** An endpoint that cannot be launched as configured: the failed state to show and why. */
final class Unlaunchable extends Exception {

    private final EndpointState state;

    Unlaunchable(EndpointState state, String reason) {
        super(reason, null, false, false);
        this.state = state;
    }

    EndpointState state() {
        return state;
    }
}
