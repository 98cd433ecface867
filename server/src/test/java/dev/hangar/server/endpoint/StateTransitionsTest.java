package dev.hangar.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every pair of states, allowed or not, written out as a matrix (a row is where the record is, a
 * column where a write would move it; {@code x} allowed, {@code .} refused), checked against what
 * docs/endpoints.md says the states mean.
 */
class StateTransitionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // from          | Building Deploying Startup Running Stopped Sleeping BuildingFailed DeployFailed
                // RuntimeError NoAppFile
                "Building        | x x x x x . x x . x",
                "Deploying       | x x x x x . x x . x",
                "Startup         | x x x x x . x x . x",
                "Running         | x . . . x . . . x x",
                "Stopped         | x . . . . . . . . .",
                "Sleeping        | x . . . x . . . . .",
                "BuildingFailed  | x . . . x . . . . .",
                "DeployFailed    | x . . . x . . . . .",
                "RuntimeError    | x . . . x . . . . .",
                "NoAppFile       | . . . . x . . . . .",
            })
    void anEndpointMovesAlongTheTable(String from, String row) {
        EndpointState source = EndpointState.of(from.strip());
        List<String> marks = Arrays.asList(row.strip().split(" "));
        for (EndpointState target : EndpointState.values()) {
            boolean allowed = marks.get(target.ordinal()).equals("x");
            assertThat(source.canMoveTo(target)).as("%s -> %s", source, target).isEqualTo(allowed);
            assertThat(EndpointState.sourcesOf(target).contains(source)).isEqualTo(allowed);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // from   | starting ready failed stopping stopped
                "starting | . x x x x",
                "ready    | . x x x x",
                "failed   | x . x . x",
                "stopping | . . x . x",
                "stopped  | x . x . .",
            })
    void aReplicaMovesAlongTheTable(String from, String row) {
        ReplicaState source = ReplicaState.of(from.strip());
        List<String> marks = Arrays.asList(row.strip().split(" "));
        for (ReplicaState target : ReplicaState.values()) {
            boolean allowed = marks.get(target.ordinal()).equals("x");
            assertThat(source.canMoveTo(target)).as("%s -> %s", source, target).isEqualTo(allowed);
            assertThat(ReplicaState.sourcesOf(target).contains(source)).isEqualTo(allowed);
        }
    }

    /** A user's start or restart begins a deployment (Building) from every state that allows it. */
    @Test
    void everyStartOrRestartTheActionsAllowCanBeginADeployment() {
        for (EndpointState state : EndpointState.values()) {
            if (state.allows(EndpointAction.START) || state.allows(EndpointAction.RESTART)) {
                assertThat(state.canMoveTo(EndpointState.BUILDING))
                        .as(state.toString())
                        .isTrue();
            }
        }
    }

    /** A stop ends in Stopped from every state that allows it; Stopped itself allows no stop. */
    @Test
    void everyStopTheActionsAllowCanEndStopped() {
        for (EndpointState state : EndpointState.values()) {
            assertThat(state.canMoveTo(EndpointState.STOPPED))
                    .as(state.toString())
                    .isEqualTo(state.allows(EndpointAction.STOP));
        }
    }

    /** Running is reached only by a deployment, and a deployment's failures only while it runs or serves. */
    @Test
    void runningAndTheFailuresComeFromADeploymentOrFromRunning() {
        EnumSet<EndpointState> deploying =
                EnumSet.of(EndpointState.BUILDING, EndpointState.DEPLOYING, EndpointState.STARTUP);
        assertThat(EndpointState.sourcesOf(EndpointState.RUNNING)).isEqualTo(deploying);
        for (EndpointState failed : EnumSet.of(
                EndpointState.BUILDING_FAILED,
                EndpointState.DEPLOY_FAILED,
                EndpointState.RUNTIME_ERROR,
                EndpointState.NO_APP_FILE)) {
            assertThat(EndpointState.sourcesOf(failed))
                    .as(failed.toString())
                    .isSubsetOf(EnumSet.of(
                            EndpointState.BUILDING,
                            EndpointState.DEPLOYING,
                            EndpointState.STARTUP,
                            EndpointState.RUNNING));
        }
        assertThat(EndpointState.sourcesOf(EndpointState.RUNTIME_ERROR)).containsExactly(EndpointState.RUNNING);
    }

    /** Sleeping comes with the autoscaler: nothing moves an endpoint there yet. */
    @Test
    void nothingMovesAnEndpointToSleepingYet() {
        assertThat(EndpointState.sourcesOf(EndpointState.SLEEPING)).isEmpty();
    }

    /** A slot's process starts only on a slot that has none (stopped or failed). */
    @Test
    void aProcessStartsOnlyOnASlotWithout() {
        assertThat(ReplicaState.sourcesOf(ReplicaState.STARTING))
                .containsExactly(ReplicaState.FAILED, ReplicaState.STOPPED);
        assertThat(ReplicaState.sourcesOf(ReplicaState.STOPPING))
                .containsExactly(ReplicaState.STARTING, ReplicaState.READY);
    }
}
