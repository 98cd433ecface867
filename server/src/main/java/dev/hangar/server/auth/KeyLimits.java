package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What one API key may use of the gateway; an absent (null) limit is no limit.
 *
 * @param requestsPerMinute requests a minute, in bursts of up to this many
 * @param tokensPerMinute prompt and completion tokens a minute
 * @param monthlyTokens prompt and completion tokens a calendar month (UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyLimits(
        @Min(1) @Max(10_000_000) Integer requestsPerMinute,
        @Min(1) @Max(1_000_000_000_000L) Long tokensPerMinute,
        @Min(1) @Max(1_000_000_000_000_000L) Long monthlyTokens) {

    public static final KeyLimits NONE = new KeyLimits(null, null, null);

    @JsonIgnore
    public boolean isNone() {
        return requestsPerMinute == null && tokensPerMinute == null && monthlyTokens == null;
    }

    /** These limits, each one left unset taken from {@code fallback}. */
    KeyLimits orElse(KeyLimits fallback) {
        return new KeyLimits(
                requestsPerMinute != null ? requestsPerMinute : fallback.requestsPerMinute,
                tokensPerMinute != null ? tokensPerMinute : fallback.tokensPerMinute,
                monthlyTokens != null ? monthlyTokens : fallback.monthlyTokens);
    }

    /** Refuses (400) a limit set above {@code ceiling}'s; {@code whose} names the ceiling in the answer. */
    void requireWithin(KeyLimits ceiling, Message whose) {
        requireWithin("requestsPerMinute", requestsPerMinute, ceiling.requestsPerMinute, whose);
        requireWithin("tokensPerMinute", tokensPerMinute, ceiling.tokensPerMinute, whose);
        requireWithin("monthlyTokens", monthlyTokens, ceiling.monthlyTokens, whose);
    }

    private static void requireWithin(String field, Number limit, Number ceiling, Message whose) {
        if (ceiling != null && limit != null && limit.longValue() > ceiling.longValue()) {
            throw ApiException.invalidField(
                    "limits." + field, MessageCode.KEY_LIMIT_ABOVE.with("ceiling", ceiling, "whose", whose));
        }
    }
}
