package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.KeyLimits;
import dev.hangar.server.core.UtcMonths;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.telemetry.RequestMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;

/**
 * Holds each API key to its {@link KeyLimits}: requests and tokens a minute as token buckets (a
 * key may use a whole minute's allowance at once, which then refills evenly over the minute), and
 * tokens a calendar month. Tokens are only known once a request is answered, so they are taken
 * after it ({@link Permit#used}); a request is let in while the key's token bucket is not empty.
 * For the monthly quota each request in flight holds a reservation (its estimated prompt and its
 * {@code max_tokens}) until the meter counts its real tokens, so that a burst of concurrent
 * requests overshoots the quota by at most what those in flight use beyond their reservations.
 *
 * <p>Every answer to a limited key carries the {@code x-ratelimit-*} headers the OpenAI SDKs read;
 * a refusal is a 429 in OpenAI's shape with {@code Retry-After} (and {@code retry-after-ms}), so
 * the SDKs' own retry waits just long enough. The buckets and reservations live in this server's
 * memory; the month's usage is the meter's, also in memory ({@link RequestMeter#monthTokens}), so
 * that admitting a request never queries the database (it runs on the edge's event loops).
 */
@Component
class KeyRateLimiter {

    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final RequestMeter meter;
    private final Clock clock;

    KeyRateLimiter(RequestMeter meter, Clock clock) {
        this.meter = meter;
        this.clock = clock;
    }

    /** What a let-in request owes once its tokens are known (and the meter counted them). */
    interface Permit {

        Permit UNLIMITED = tokens -> {};

        void used(long tokens);
    }

    /**
     * Lets the request in, holding {@code reservation} tokens of the key's monthly quota until its
     * permit is settled, or answers 429; either way gives {@code response} the rate-limit headers
     * of the caller's key.
     */
    Permit admit(AuthenticatedUser caller, long reservation, BiConsumer<String, String> response) {
        KeyLimits limits = caller.limits();
        if (caller.apiKeyId().isEmpty() || limits.isNone()) {
            return Permit.UNLIMITED;
        }
        String keyId = caller.apiKeyId().get();
        KeyState state = keys.computeIfAbsent(keyId, id -> new KeyState());
        synchronized (state) {
            state.refill(limits, System.nanoTime());
            if (limits.monthlyTokens() != null) {
                checkMonthlyQuota(keyId, limits.monthlyTokens(), state.reserved, reservation, response);
            }
            state.setHeaders(limits, response);
            if (limits.requestsPerMinute() != null && state.requests < 1) {
                Duration wait = KeyState.timeToReach(1 - state.requests, limits.requestsPerMinute());
                refuse(
                        response,
                        wait,
                        new ApiException(
                                ProblemType.RATE_LIMIT_EXCEEDED,
                                "Rate limit reached for requests per minute on this API key: limit "
                                        + limits.requestsPerMinute() + ". Retry after " + seconds(wait) + " s."));
            }
            if (limits.tokensPerMinute() != null && state.tokens <= 0) {
                Duration wait = KeyState.timeToReach(1 - state.tokens, limits.tokensPerMinute());
                refuse(
                        response,
                        wait,
                        new ApiException(
                                ProblemType.RATE_LIMIT_EXCEEDED,
                                "Rate limit reached for tokens per minute on this API key: limit "
                                        + limits.tokensPerMinute() + ". Retry after " + seconds(wait) + " s."));
            }
            if (limits.requestsPerMinute() != null) {
                state.requests -= 1;
                response.accept("x-ratelimit-remaining-requests", remaining(state.requests));
            }
            long held = limits.monthlyTokens() == null ? 0 : reservation;
            state.reserved += held;
            return tokens -> {
                synchronized (state) {
                    state.tokens -= tokens;
                    state.reserved -= held;
                }
            };
        }
    }

    /**
     * Refuses the request when the month's tokens and those held by the key's requests in flight
     * reached the quota, or would pass it with this request's reservation.
     */
    private void checkMonthlyQuota(
            String keyId, long quota, long reserved, long reservation, BiConsumer<String, String> response) {
        YearMonth month = UtcMonths.of(clock.instant());
        long used = meter.monthTokens(keyId, month);
        if (used + reserved < quota && used + reserved + reservation <= quota) {
            return;
        }
        String counted =
                used + " used in " + month + (reserved == 0 ? "" : ", " + reserved + " held by requests in flight");
        String renews = "it renews on " + month.plusMonths(1).atDay(1) + ", or an admin can raise it.";
        String detail = used + reserved >= quota
                ? "This API key used its monthly quota of " + quota + " tokens (" + counted + "); " + renews
                : "This request may use up to " + reservation + " tokens (its prompt and max_tokens), more than the "
                        + (quota - used - reserved) + " left of this API key's monthly quota of " + quota + " tokens ("
                        + counted + "); lower max_tokens, or wait: " + renews;
        Duration untilNextMonth = Duration.between(clock.instant(), UtcMonths.start(month.plusMonths(1)));
        refuse(response, untilNextMonth, new ApiException(ProblemType.INSUFFICIENT_QUOTA, detail));
    }

    private static void refuse(BiConsumer<String, String> response, Duration wait, ApiException refusal) {
        response.accept("Retry-After", Long.toString(seconds(wait)));
        response.accept("retry-after-ms", Long.toString(Math.max(1, wait.toMillis())));
        throw refusal;
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** What is left in a bucket, as a header value; a bucket never holds more than its limit. */
    private static String remaining(double available) {
        return Long.toString(Math.max(0, (long) Math.floor(available)));
    }

    /** One key's buckets, and the monthly tokens its requests in flight hold. */
    private static final class KeyState {

        double requests = Double.NaN;
        double tokens = Double.NaN;
        long refilledAt;
        long reserved;

        /** Adds what the time since the last refill earned, up to a minute's allowance (a new key starts full). */
        void refill(KeyLimits limits, long nowNanos) {
            double minutes = (nowNanos - refilledAt) / 60e9;
            refilledAt = nowNanos;
            requests = fill(requests, limits.requestsPerMinute(), minutes);
            tokens = fill(tokens, limits.tokensPerMinute(), minutes);
        }

        private static double fill(double level, Number perMinute, double minutes) {
            if (perMinute == null) {
                return 0;
            }
            double capacity = perMinute.doubleValue();
            return Double.isNaN(level) ? capacity : Math.min(capacity, level + capacity * minutes);
        }

        void setHeaders(KeyLimits limits, BiConsumer<String, String> response) {
            if (limits.requestsPerMinute() != null) {
                response.accept(
                        "x-ratelimit-limit-requests", limits.requestsPerMinute().toString());
                response.accept("x-ratelimit-remaining-requests", remaining(requests));
                response.accept(
                        "x-ratelimit-reset-requests",
                        reset(timeToReach(limits.requestsPerMinute() - requests, limits.requestsPerMinute())));
            }
            if (limits.tokensPerMinute() != null) {
                response.accept(
                        "x-ratelimit-limit-tokens", limits.tokensPerMinute().toString());
                response.accept("x-ratelimit-remaining-tokens", remaining(tokens));
                response.accept(
                        "x-ratelimit-reset-tokens",
                        reset(timeToReach(limits.tokensPerMinute() - tokens, limits.tokensPerMinute())));
            }
        }

        /** How long the bucket takes to gain {@code amount} at {@code perMinute}. */
        static Duration timeToReach(double amount, Number perMinute) {
            return Duration.ofNanos((long) Math.ceil(Math.max(0, amount) / perMinute.doubleValue() * 60e9));
        }

        /** A reset time as OpenAI writes it: {@code 250ms}, {@code 12s}, {@code 1m30s}. */
        private static String reset(Duration duration) {
            long millis = duration.toMillis();
            if (millis < 1000) {
                return millis + "ms";
            }
            long seconds = (millis + 999) / 1000;
            return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
        }
    }
}
