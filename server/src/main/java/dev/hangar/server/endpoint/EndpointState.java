package dev.hangar.server.endpoint;

import static dev.hangar.server.endpoint.EndpointAction.CONFIGURE;
import static dev.hangar.server.endpoint.EndpointAction.DELETE;
import static dev.hangar.server.endpoint.EndpointAction.RESTART;
import static dev.hangar.server.endpoint.EndpointAction.SCALE;
import static dev.hangar.server.endpoint.EndpointAction.START;
import static dev.hangar.server.endpoint.EndpointAction.STOP;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hangar.server.core.WireNames;
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

    boolean allows(EndpointAction action) {
        return actions.contains(action);
    }

    Set<EndpointAction> actions() {
        return EnumSet.copyOf(actions);
    }

    /**
     * The states a write may move the endpoint to from this one; every state write is conditional
     * on it ({@link #sourcesOf}). A deployment walks its steps (a pass taken up again may begin an
     * earlier step again) and ends {@code Running}, or in the failure of the step it stopped at; a
     * running endpoint's replicas crash too often ({@code RuntimeError}) or its model's files go
     * ({@code NoAppFile}); a user's start or restart begins a deployment ({@code Building}), and
     * their stop ends, once the replicas are gone, in {@code Stopped}. Nothing moves an endpoint to
     * {@code Sleeping} yet (the autoscaler will). A user's stop or delete keeps the state: it asks
     * the reconciler to move it.
     */
    Set<EndpointState> next() {
        return switch (this) {
            case BUILDING, DEPLOYING, STARTUP ->
                EnumSet.of(BUILDING, DEPLOYING, STARTUP, RUNNING, BUILDING_FAILED, DEPLOY_FAILED, NO_APP_FILE, STOPPED);
            case RUNNING -> EnumSet.of(BUILDING, RUNTIME_ERROR, NO_APP_FILE, STOPPED);
            case STOPPED -> EnumSet.of(BUILDING);
            case SLEEPING, BUILDING_FAILED, DEPLOY_FAILED, RUNTIME_ERROR -> EnumSet.of(BUILDING, STOPPED);
            case NO_APP_FILE -> EnumSet.of(STOPPED);
        };
    }

    boolean canMoveTo(EndpointState target) {
        return next().contains(target);
    }

    /** The states an endpoint may move to {@code target} from: what a write of {@code target} requires. */
    static Set<EndpointState> sourcesOf(EndpointState target) {
        return Transitions.sourcesOf(EndpointState.class, target, EndpointState::canMoveTo);
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
        return WireNames.parse(values(), value);
    }
}
