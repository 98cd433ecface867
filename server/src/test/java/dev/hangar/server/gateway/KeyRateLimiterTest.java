package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.KeyLimits;
import dev.hangar.server.auth.Role;
import dev.hangar.server.auth.UserLimits;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.telemetry.RequestMeter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class KeyRateLimiterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final RequestMeter meter = mock(RequestMeter.class);
    private final KeyRateLimiter limiter = new KeyRateLimiter(meter, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aKeyWithoutLimitsGetsNoHeaders() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        limiter.admit(key("key_free", KeyLimits.NONE), 0, response::setHeader);

        assertThat(response.getHeaderNames()).isEmpty();
    }

    @Test
    void aMinutesRequestsMayComeAtOnceThenTheNextIsRefusedWithWhenToRetry() {
        AuthenticatedUser caller = key("key_rpm", new KeyLimits(3, null, null));
        for (int i = 2; i >= 0; i--) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            limiter.admit(caller, 0, response::setHeader);
            assertThat(response.getHeader("x-ratelimit-limit-requests")).isEqualTo("3");
            assertThat(response.getHeader("x-ratelimit-remaining-requests")).isEqualTo(Integer.toString(i));
        }

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, 0, refused::setHeader));

        assertThat(refusal.type()).isEqualTo(ProblemType.RATE_LIMIT_EXCEEDED);
        assertThat(refusal.getMessage()).contains("requests per minute", "limit 3");
        assertThat(Long.parseLong(refused.getHeader("retry-after-ms"))).isBetween(19_000L, 20_000L);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("20");
        assertThat(refused.getHeader("x-ratelimit-reset-requests")).isEqualTo("1m0s");
    }

    @Test
    void tokensAreTakenAfterTheRequestAndRefuseTheNextOnceSpent() {
        AuthenticatedUser caller = key("key_tpm", new KeyLimits(null, 100L, null));
        KeyRateLimiter.Permit first = limiter.admit(caller, 0, (name, value) -> {});
        first.used(150);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, 0, refused::setHeader));

        assertThat(refusal.getMessage()).contains("tokens per minute", "limit 100");
        assertThat(refused.getHeader("x-ratelimit-remaining-tokens")).isEqualTo("0");
        assertThat(Long.parseLong(refused.getHeader("retry-after-ms")))
                .as("51 tokens to earn at 100 a minute")
                .isBetween(30_000L, 31_000L);
    }

    @Test
    void theMonthlyQuotaCountsWhatTheLogHoldsAndWhatThisServerAdded() {
        when(meter.monthTokens(eq("key_month"), any())).thenReturn(900L, 1000L);
        AuthenticatedUser caller = key("key_month", new KeyLimits(null, null, 1000L));
        limiter.admit(caller, 0, (name, value) -> {}).used(100);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, 0, refused::setHeader));

        assertThat(refusal.type()).isEqualTo(ProblemType.INSUFFICIENT_QUOTA);
        assertThat(refusal.getMessage()).contains("1000 tokens", "1000 used in 2026-11", "renews on 2026-12-01");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isEqualTo(7 * 86_400L + 14 * 3600L);
    }

    @Test
    void aUsersLimitHoldsAllTheirKeysTogetherAndTheTighterLimitRules() {
        UserLimits twoAMinute = new UserLimits(2, null, null, null, null, null, null);
        AuthenticatedUser roomyKey = new AuthenticatedUser(
                "usr_2", "bob", Role.USER, Optional.of("key_roomy"), new KeyLimits(5, null, null), twoAMinute);
        AuthenticatedUser otherKey =
                new AuthenticatedUser("usr_2", "bob", Role.USER, Optional.of("key_other"), KeyLimits.NONE, twoAMinute);
        MockHttpServletResponse first = new MockHttpServletResponse();
        limiter.admit(roomyKey, 0, first::setHeader);
        limiter.admit(otherKey, 0, (name, value) -> {});

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(roomyKey, 0, refused::setHeader));

        assertThat(first.getHeader("x-ratelimit-limit-requests"))
                .as("the user's, tighter")
                .isEqualTo("2");
        assertThat(first.getHeader("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(refusal.type()).isEqualTo(ProblemType.RATE_LIMIT_EXCEEDED);
        assertThat(refusal.getMessage()).contains("your account", "limit 2");
    }

    @Test
    void aUsersMonthlyQuotaHoldsTheRequestsInFlightOfAllTheirKeys() {
        when(meter.userMonthTokens(eq("usr_3"), any())).thenReturn(700L);
        UserLimits aThousandAMonth = new UserLimits(null, null, 1000L, null, null, null, null);
        AuthenticatedUser first =
                new AuthenticatedUser("usr_3", "cy", Role.USER, Optional.of("key_a"), KeyLimits.NONE, aThousandAMonth);
        AuthenticatedUser second =
                new AuthenticatedUser("usr_3", "cy", Role.USER, Optional.of("key_b"), KeyLimits.NONE, aThousandAMonth);
        KeyRateLimiter.Permit inFlight = limiter.admit(first, 200, (name, value) -> {});

        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(second, 200, (name, value) -> {}));

        assertThat(refusal.type()).isEqualTo(ProblemType.INSUFFICIENT_QUOTA);
        assertThat(refusal.getMessage())
                .contains("your account", "100 left", "700 used in 2026-11", "200 held by requests in flight");
        inFlight.used(0);
        limiter.admit(second, 200, (name, value) -> {});
    }

    @Test
    void aRequestWhoseMaxTokensDoNotFitWhatIsLeftOfTheMonthIsRefusedWithWhatIsLeft() {
        when(meter.monthTokens(eq("key_fit"), any())).thenReturn(900L);
        AuthenticatedUser caller = key("key_fit", new KeyLimits(null, null, 1000L));

        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, 200, (name, value) -> {}));

        assertThat(refusal.type()).isEqualTo(ProblemType.INSUFFICIENT_QUOTA);
        assertThat(refusal.getMessage()).contains("up to 200 tokens", "100 left", "lower max_tokens");
        limiter.admit(caller, 100, (name, value) -> {});
    }

    @Test
    void concurrentRequestsOvershootAQuotaByAtMostTheInFlight() throws Exception {
        AtomicLong recorded = new AtomicLong();
        when(meter.monthTokens(eq("key_burst"), any())).thenAnswer(call -> recorded.get());
        AuthenticatedUser caller = key("key_burst", new KeyLimits(null, null, 1000L));
        int requests = 50;
        CountDownLatch allTried = new CountDownLatch(requests);
        AtomicInteger admitted = new AtomicInteger();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                clients.submit(() -> {
                    KeyRateLimiter.Permit permit;
                    try {
                        permit = limiter.admit(caller, 100, (name, value) -> {});
                        admitted.incrementAndGet();
                    } catch (ApiException refused) {
                        allTried.countDown();
                        return null;
                    }
                    allTried.countDown();
                    allTried.await(); // every admitted request is in flight at once
                    recorded.addAndGet(100); // the meter counts the answer's tokens, then settles its permit
                    permit.used(100);
                    return null;
                });
            }
        }

        assertThat(recorded.get())
                .as("each request asked for at most 100 tokens; the quota is 1000")
                .isLessThanOrEqualTo(1000);
        assertThat(admitted.get()).isEqualTo(10);
    }

    private static AuthenticatedUser key(String keyId, KeyLimits limits) {
        return new AuthenticatedUser("usr_1", "ann", Role.USER, Optional.of(keyId), limits, UserLimits.NONE);
    }
}
