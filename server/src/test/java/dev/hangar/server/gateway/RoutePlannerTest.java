package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.endpoint.Replica;
import dev.hangar.server.gateway.RoutePlanner.Verdict;
import dev.hangar.server.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the planner decides from a replica's (or provider's) answer status, and where the retry goes. */
class RoutePlannerTest {

    private final Plans plans = new Plans();
    private final RoutePlanner planner = plans.planner;
    private final Replica first = Plans.replica("rep-1", 8101);
    private final Replica second = Plans.replica("rep-2", 8102);

    @ParameterizedTest(name = "{0} from a replica on attempt {1}: {2}, suspect {3}")
    @CsvSource({
        "200, 1, RELAY,                   false",
        "400, 1, RELAY,                   false",
        "401, 1, RELAY,                   false",
        "429, 1, TRY_ANOTHER,             false",
        "429, 2, RELAY,                   false",
        "500, 1, SUSPECT_AND_TRY_ANOTHER, true",
        "503, 1, SUSPECT_AND_TRY_ANOTHER, true",
        "503, 2, RELAY,                   true",
    })
    void aLocalEndpointsAnswer(int status, int attempt, Verdict verdict, boolean suspect) {
        RoutePlanner.Plan plan = plans.local(false, first, second);
        Replica asked = attempt(plan, attempt);

        assertThat(planner.judge(plan, asked, status)).isEqualTo(verdict);
        assertThat(suspected(asked)).isEqualTo(suspect);
    }

    @ParameterizedTest(name = "{0} from a provider: {1}")
    @CsvSource({
        "200, RELAY",
        "401, PROVIDER_REFUSED",
        "403, PROVIDER_REFUSED",
        "429, RELAY",
        "500, RELAY",
    })
    void aRouterEndpointsProviderIsAskedOnceAndARefusedKeyIsItsOwn(int status, Verdict verdict) {
        RoutePlanner.Plan plan = plans.router(false);
        Replica provider = planner.next(plan).orElseThrow();

        assertThat(planner.judge(plan, provider, status)).isEqualTo(verdict);
        assertThat(plan.retryLeft())
                .as("a provider is the endpoint's only way out")
                .isFalse();
        assertThat(plan.forward.to(provider).baseUrl()).isEqualTo(Plans.PROVIDER_URL);
        assertThat(plan.forward.to(provider).authorization()).isEqualTo("Bearer sk-provider");
        assertThat(plan.forward.describe(provider)).isEqualTo("the provider at " + Plans.PROVIDER_URL);
    }

    @Test
    void aRefusedProviderKeyIsABadGatewayForTheCaller() {
        RoutePlanner.Plan plan = plans.router(false);
        planner.next(plan);

        var refusal = planner.providerRefused(plan, 401);

        assertThat(refusal.type()).isEqualTo(ProblemType.BAD_GATEWAY);
        assertThat(refusal.getMessage()).contains("refused its API key (401)").doesNotContain("sk-provider");
    }

    @Test
    void aReplicaThatRefusesConnectionsIsSuspectAndTheRetryGoesToTheOther() {
        RoutePlanner.Plan plan = plans.local(false, first, second);
        Replica refused = planner.next(plan).orElseThrow();
        planner.unreachable(refused);
        plan.failed(plan.forward.describe(refused) + " could not be reached (Connection refused)");

        Replica retried = planner.next(plan).orElseThrow();

        assertThat(suspected(refused)).isTrue();
        assertThat(retried).isNotEqualTo(refused);
        assertThat(planner.next(plan)).as("two attempts at most").isEmpty();
        assertThat(plan.noneAnswered().getMessage())
                .contains("No replica of endpoint 'chat' answered")
                .contains("Connection refused");
    }

    @Test
    void aLocalReplicaIsAskedWithItsOwnToken() {
        RoutePlanner.Plan plan = plans.local(false, first);
        Replica asked = planner.next(plan).orElseThrow();

        assertThat(plan.forward.to(asked).baseUrl()).isEqualTo("http://127.0.0.1:8101/v1");
        assertThat(plan.forward.to(asked).authorization()).isEqualTo("Bearer tok-rep-1");
        assertThat(plan.forward.to(asked).provider()).isFalse();
    }

    /** Takes the plan to its {@code attempt}-th replica (the first having answered 429 when it is the second). */
    private Replica attempt(RoutePlanner.Plan plan, int attempt) {
        Replica asked = planner.next(plan).orElseThrow();
        for (int i = 1; i < attempt; i++) {
            asked = planner.next(plan).orElseThrow();
        }
        return asked;
    }

    /** Whether the balancer now avoids {@code replica}: with a trusted one beside it, it never picks it. */
    private boolean suspected(Replica replica) {
        Replica other = replica.equals(first) ? second : first;
        List<Optional<Replica>> picks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            picks.add(plans.balancer.pick(List.of(first, second)));
        }
        return picks.stream().allMatch(p -> p.orElseThrow().equals(other));
    }
}
