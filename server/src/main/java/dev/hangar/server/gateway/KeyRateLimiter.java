package dev.hangar.server.gateway;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.auth.KeyLimits;
import dev.hangar.server.core.UtcMonths;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.telemetry.RequestMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * Holds each API key to its {@link KeyLimits}, and each user, over all their keys and browser
 * sessions together, to the gateway part of their user limits: a request goes on only when both
 * allow it, so the tighter one rules and a user gains nothing by spreading requests over keys.
 * Requests and tokens a minute are token buckets (a whole minute's allowance may be used at once,
 * and refills evenly over the minute), tokens a calendar month a quota. Tokens are only known once
 * a request is answered, so they are taken after it ({@link Permit#used}); a request is let in while
 * its token buckets are not empty. For a monthly quota each request in flight holds a reservation
 * (its estimated prompt and its {@code max_tokens}) until the meter counts its real tokens, so that
 * a burst of concurrent requests overshoots the quota by at most what those in flight use beyond
 * their reservations.
 *
 * <p>Every answer to a limited caller carries the {@code x-ratelimit-*} headers the OpenAI SDKs read
 * (of the tighter bucket); a refusal is a 429 in OpenAI's shape with {@code Retry-After} (and
 * {@code retry-after-ms}), so the SDKs' own retry waits just long enough. The buckets and
 * reservations live in this server's memory; the month's usage is the meter's, also in memory
 * ({@link RequestMeter#monthTokens}, {@link RequestMeter#userMonthTokens}), so that admitting a
 * request never queries the database (it runs on the edge's event loops).
 */
@Component
class KeyRateLimiter {

    private final Map<String, Bucket> keys = new ConcurrentHashMap<>();
    private final Map<String, Bucket> users = new ConcurrentHashMap<>();
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

    /** One key's or one user's limits with their buckets. */
    private record Allowance(Bucket bucket, KeyLimits limits, String holder) {

        /** The part of a request's reservation this allowance holds: all of it under a monthly quota. */
        long held(long reservation) {
            return limits.monthlyTokens() == null ? 0 : reservation;
        }
    }

    /** The caller's key and user allowances that limit anything, the key's first. */
    private List<Allowance> allowances(AuthenticatedUser caller) {
        List<Allowance> allowances = new ArrayList<>(2);
        KeyLimits keyLimits = caller.limits();
        if (caller.apiKeyId().isPresent() && !keyLimits.isNone()) {
            String keyId = caller.apiKeyId().get();
            allowances.add(new Allowance(
                    keys.computeIfAbsent(keyId, id -> new Bucket(month -> meter.monthTokens(keyId, month))),
                    keyLimits,
                    "this API key"));
        }
        KeyLimits userLimits = caller.userLimits().gateway();
        if (!userLimits.isNone()) {
            String userId = caller.userId();
            allowances.add(new Allowance(
                    users.computeIfAbsent(userId, id -> new Bucket(month -> meter.userMonthTokens(userId, month))),
                    userLimits,
                    "your account"));
        }
        return allowances;
    }

    /**
     * Lets the request in, holding {@code reservation} tokens of each monthly quota until its permit
     * is settled, or answers 429; either way gives {@code response} the rate-limit headers of the
     * caller's tighter limits.
     */
    Permit admit(AuthenticatedUser caller, long reservation, BiConsumer<String, String> response) {
        List<Allowance> allowances = allowances(caller);
        if (allowances.isEmpty()) {
            return Permit.UNLIMITED;
        }
        // a key's bucket before its user's, always: two requests never wait for each other's lock
        synchronized (allowances.getFirst().bucket()) {
            if (allowances.size() == 1) {
                return admitLocked(allowances, reservation, response);
            }
            synchronized (allowances.getLast().bucket()) {
                return admitLocked(allowances, reservation, response);
            }
        }
    }

    private Permit admitLocked(List<Allowance> allowances, long reservation, BiConsumer<String, String> response) {
        long now = System.nanoTime();
        YearMonth month = UtcMonths.of(clock.instant());
        for (Allowance allowance : allowances) {
            allowance.bucket().refill(allowance.limits(), now);
            checkMonthlyQuota(allowance, month, reservation, response);
        }
        for (PerMinute kind : PerMinute.values()) {
            tightest(allowances, kind).ifPresent(a -> a.bucket().setHeaders(kind, a.limits(), response));
        }
        for (Allowance allowance : allowances) {
            for (PerMinute kind : PerMinute.values()) {
                refuseWhenEmpty(allowance, kind, response);
            }
        }
        for (Allowance allowance : allowances) {
            if (allowance.limits().requestsPerMinute() != null) {
                allowance.bucket().requests -= 1;
            }
            allowance.bucket().reserved += allowance.held(reservation);
        }
        tightest(allowances, PerMinute.REQUESTS)
                .ifPresent(a -> response.accept("x-ratelimit-remaining-requests", remaining(a.bucket().requests)));
        return tokens -> {
            for (Allowance allowance : allowances) {
                synchronized (allowance.bucket()) {
                    allowance.bucket().tokens -= tokens;
                    allowance.bucket().reserved -= allowance.held(reservation);
                }
            }
        };
    }

    /**
     * Refuses the request when the month's tokens and those held by the requests in flight reached
     * the allowance's quota, or would pass it with this request's reservation.
     */
    private void checkMonthlyQuota(
            Allowance allowance, YearMonth month, long reservation, BiConsumer<String, String> response) {
        Long quota = allowance.limits().monthlyTokens();
        if (quota == null) {
            return;
        }
        long used = allowance.bucket().monthTokens.applyAsLong(month);
        long reserved = allowance.bucket().reserved;
        if (used + reserved < quota && used + reserved + reservation <= quota) {
            return;
        }
        Message of = reserved == 0
                ? MessageCode.GATEWAY_QUOTA.with(
                        "quota", quota, "holder", allowance.holder(), "used", used, "month", month)
                : MessageCode.GATEWAY_QUOTA_HELD.with(
                        "quota", quota, "holder", allowance.holder(), "used", used, "month", month, "held", reserved);
        Object renews = month.plusMonths(1).atDay(1);
        Message detail = used + reserved >= quota
                ? MessageCode.GATEWAY_QUOTA_REACHED.with("quota", of, "renews", renews)
                : MessageCode.GATEWAY_QUOTA_TOO_SMALL.with(
                        "tokens", reservation, "left", quota - used - reserved, "quota", of, "renews", renews);
        Duration untilNextMonth = Duration.between(clock.instant(), UtcMonths.start(month.plusMonths(1)));
        refuse(response, untilNextMonth, new ApiException(ProblemType.INSUFFICIENT_QUOTA, detail));
    }

    /** Refuses the request when the allowance limits {@code kind} and its bucket holds less than a request needs. */
    private static void refuseWhenEmpty(Allowance allowance, PerMinute kind, BiConsumer<String, String> response) {
        Number perMinute = kind.limit(allowance.limits());
        double level = kind.level(allowance.bucket());
        if (perMinute != null && kind.empty(level)) {
            Duration wait = Bucket.timeToReach(1 - level, perMinute);
            Message detail =
                    kind.refusal().with("holder", allowance.holder(), "limit", perMinute, "seconds", seconds(wait));
            refuse(response, wait, new ApiException(ProblemType.RATE_LIMIT_EXCEEDED, detail));
        }
    }

    /** The allowance limiting {@code kind} with the least left in its bucket. */
    private static Optional<Allowance> tightest(List<Allowance> allowances, PerMinute kind) {
        return allowances.stream()
                .filter(a -> kind.limit(a.limits()) != null)
                .min(Comparator.comparingDouble(a -> kind.level(a.bucket())));
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

    /** The two buckets a minute's allowance fills. */
    private enum PerMinute {
        REQUESTS,
        TOKENS;

        /** The allowance's limit of this kind a minute; null where it has none. */
        Number limit(KeyLimits limits) {
            return switch (this) { // not a conditional: its Integer and Long arms would be unboxed
                case REQUESTS -> limits.requestsPerMinute();
                case TOKENS -> limits.tokensPerMinute();
            };
        }

        double level(Bucket bucket) {
            return this == REQUESTS ? bucket.requests : bucket.tokens;
        }

        /** Whether a request may not go on: it needs a whole request left, or any tokens (its own are known only once it is answered). */
        boolean empty(double level) {
            return this == REQUESTS ? level < 1 : level <= 0;
        }

        MessageCode refusal() {
            return this == REQUESTS ? MessageCode.GATEWAY_RATE_REQUESTS : MessageCode.GATEWAY_RATE_TOKENS;
        }

        /** As the {@code x-ratelimit-*} headers name it. */
        String unit() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One key's or user's buckets, and the monthly tokens its requests in flight hold; guarded by its own lock. */
    private static final class Bucket {

        /** Tokens used in a month, as metered (in memory). */
        final ToLongFunction<YearMonth> monthTokens;

        double requests = Double.NaN;
        double tokens = Double.NaN;
        long refilledAt;
        long reserved;

        Bucket(ToLongFunction<YearMonth> monthTokens) {
            this.monthTokens = monthTokens;
        }

        /** Adds what the time since the last refill earned, up to a minute's allowance (a new bucket starts full). */
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

        /** The {@code x-ratelimit-*} headers of the {@code kind} bucket. */
        void setHeaders(PerMinute kind, KeyLimits limits, BiConsumer<String, String> response) {
            Number perMinute = kind.limit(limits);
            double level = kind.level(this);
            response.accept("x-ratelimit-limit-" + kind.unit(), perMinute.toString());
            response.accept("x-ratelimit-remaining-" + kind.unit(), remaining(level));
            response.accept(
                    "x-ratelimit-reset-" + kind.unit(), reset(timeToReach(perMinute.doubleValue() - level, perMinute)));
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
