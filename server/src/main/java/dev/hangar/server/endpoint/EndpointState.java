package dev.hangar.server.endpoint;

import static dev.hangar.server.endpoint.EndpointAction.CONFIGURE;
import static dev.hangar.server.endpoint.EndpointAction.DELETE;
import static dev.hangar.server.endpoint.EndpointAction.RESTART;
import static dev.hangar.server.endpoint.EndpointAction.SCALE;
import static dev.hangar.server.endpoint.EndpointAction.START;
import static dev.hangar.server.endpoint.EndpointAction.STOP;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where an endpoint is, named as users of the seeds' platforms know them. The table of allowed
 * actions below is the only place the rules live; docs/endpoints.md shows the same table.
 *
 * <p>Differences from the seeds' table, on purpose: a deployment in progress can be stopped or
 * deleted (a deploy that hangs must be cancellable), a failed endpoint can be stopped (so that
 * its configuration can be fixed, which is only allowed while stopped), and a running endpoint
 * can be restarted, scaled and deleted (deleting stops its replicas first).
 */
public enum EndpointState {
    BUILDING("Building", EnumSet.of(STOP, SCALE, DELETE)),
    DEPLOYING("Deploying", EnumSet.of(STOP, SCALE, DELETE)),
    STARTUP("Startup", EnumSet.of(STOP, SCALE, DELETE)),
    RUNNING("Running", EnumSet.of(STOP, RESTART, SCALE, DELETE)),
    STOPPED("Stopped", EnumSet.of(START, SCALE, CONFIGURE, DELETE)),
    SLEEPING("Sleeping", EnumSet.of(START, STOP, SCALE, DELETE)),
    BUILDING_FAILED("BuildingFailed", EnumSet.of(RESTART, STOP, DELETE)),
    DEPLOY_FAILED("DeployFailed", EnumSet.of(RESTART, STOP, DELETE)),
    RUNTIME_ERROR("RuntimeError", EnumSet.of(RESTART, STOP, DELETE)),
    NO_APP_FILE("NoAppFile", EnumSet.of(STOP, DELETE));

    private final String wireName;
    private final Set<EndpointAction> actions;

    EndpointState(String wireName, Set<EndpointAction> actions) {
        this.wireName = wireName;
        this.actions = actions;
    }

    public boolean allows(EndpointAction action) {
        return actions.contains(action);
    }

    public Set<EndpointAction> actions() {
        return EnumSet.copyOf(actions);
    }

    /** A deployment is under way: the reconciler is walking the six steps. */
    public boolean deploying() {
        return this == BUILDING || this == DEPLOYING || this == STARTUP;
    }

    /** The endpoint gave up; it stays so until a user restarts (or stops) it. */
    public boolean failed() {
        return this == BUILDING_FAILED || this == DEPLOY_FAILED || this == RUNTIME_ERROR || this == NO_APP_FILE;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }

    @JsonCreator
    public static EndpointState of(String value) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.toString(values())));
    }
}
