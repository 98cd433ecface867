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
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class KeyRateLimiterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final RequestMeter meter = mock(RequestMeter.class);
    private final KeyRateLimiter limiter = new KeyRateLimiter(meter, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aKeyWithoutLimitsGetsNoHeaders() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        limiter.admit(key("key_free", KeyLimits.NONE), response::setHeader);

        assertThat(response.getHeaderNames()).isEmpty();
    }

    @Test
    void aMinutesRequestsMayComeAtOnceThenTheNextIsRefusedWithWhenToRetry() {
        AuthenticatedUser caller = key("key_rpm", new KeyLimits(3, null, null));
        for (int i = 2; i >= 0; i--) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            limiter.admit(caller, response::setHeader);
            assertThat(response.getHeader("x-ratelimit-limit-requests")).isEqualTo("3");
            assertThat(response.getHeader("x-ratelimit-remaining-requests")).isEqualTo(Integer.toString(i));
        }

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, refused::setHeader));

        assertThat(refusal.type()).isEqualTo(ProblemType.RATE_LIMIT_EXCEEDED);
        assertThat(refusal.getMessage()).contains("requests per minute", "limit 3");
        assertThat(Long.parseLong(refused.getHeader("retry-after-ms"))).isBetween(19_000L, 20_000L);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("20");
        assertThat(refused.getHeader("x-ratelimit-reset-requests")).isEqualTo("1m0s");
    }

    @Test
    void tokensAreTakenAfterTheRequestAndRefuseTheNextOnceSpent() {
        AuthenticatedUser caller = key("key_tpm", new KeyLimits(null, 100L, null));
        KeyRateLimiter.Permit first = limiter.admit(caller, (name, value) -> {});
        first.used(150);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, refused::setHeader));

        assertThat(refusal.getMessage()).contains("tokens per minute", "limit 100");
        assertThat(refused.getHeader("x-ratelimit-remaining-tokens")).isEqualTo("0");
        assertThat(Long.parseLong(refused.getHeader("retry-after-ms")))
                .as("51 tokens to earn at 100 a minute")
                .isBetween(30_000L, 31_000L);
    }

    @Test
    void theMonthlyQuotaCountsWhatTheLogHoldsAndWhatThisServerAdded() {
        when(meter.tokensSince(eq("key_month"), any())).thenReturn(900L);
        AuthenticatedUser caller = key("key_month", new KeyLimits(null, null, 1000L));
        limiter.admit(caller, (name, value) -> {}).used(100);

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(caller, refused::setHeader));

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
        limiter.admit(roomyKey, first::setHeader);
        limiter.admit(otherKey, (name, value) -> {});

        MockHttpServletResponse refused = new MockHttpServletResponse();
        ApiException refusal =
                catchThrowableOfType(ApiException.class, () -> limiter.admit(roomyKey, refused::setHeader));

        assertThat(first.getHeader("x-ratelimit-limit-requests"))
                .as("the user's, tighter")
                .isEqualTo("2");
        assertThat(first.getHeader("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(refusal.type()).isEqualTo(ProblemType.RATE_LIMIT_EXCEEDED);
        assertThat(refusal.getMessage()).contains("your account", "limit 2");
    }

    private static AuthenticatedUser key(String keyId, KeyLimits limits) {
        return new AuthenticatedUser("usr_1", "ann", Role.USER, Optional.of(keyId), limits, UserLimits.NONE);
    }
}
