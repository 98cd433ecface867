package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
}
