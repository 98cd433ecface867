package dev.hangar.server.endpoint;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The six steps of a deployment, with the share of the progress bar each one fills and the state
 * the endpoint shows while it runs.
 */
public enum DeploymentStep {
    VALIDATE("Validate configuration", 0, 10, EndpointState.BUILDING),
    FETCH_MODEL("Fetch model", 10, 55, EndpointState.BUILDING),
    LOAD("Load model", 55, 60, EndpointState.DEPLOYING),
    PREPARE("Prepare runtime", 60, 75, EndpointState.DEPLOYING),
    START_SERVER("Start server", 75, 85, EndpointState.STARTUP),
    VERIFY("Verify and register", 85, 100, EndpointState.STARTUP);

    private final String title;
    private final int fromPercent;
    private final int toPercent;
    private final EndpointState state;

    DeploymentStep(String title, int fromPercent, int toPercent, EndpointState state) {
        this.title = title;
        this.fromPercent = fromPercent;
        this.toPercent = toPercent;
        this.state = state;
    }

    public String title() {
        return title;
    }

    int fromPercent() {
        return fromPercent;
    }

    int toPercent() {
        return toPercent;
    }

    /** The endpoint's state while this step runs. */
    public EndpointState state() {
        return state;
    }

    /** The failed state when this step fails: the build steps fail the build, the others the deployment. */
    EndpointState failedState() {
        return state == EndpointState.BUILDING ? EndpointState.BUILDING_FAILED : EndpointState.DEPLOY_FAILED;
    }

    /** The overall percent when {@code fraction} (0..1) of this step is done. */
    int percentAt(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        return fromPercent + (int) Math.floor((toPercent - fromPercent) * clamped);
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static DeploymentStep of(String value) {
        return Arrays.stream(values())
                .filter(s -> s.toString().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown deployment step " + value));
    }
}
