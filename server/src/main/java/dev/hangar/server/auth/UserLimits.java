package dev.hangar.server.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What an admin allows one user; an absent (null) limit is no limit. The gateway limits hold all
 * the user's keys and browser sessions together, and each key's own {@link KeyLimits} can only
 * narrow them.
 *
 * @param requestsPerMinute gateway requests a minute, over all the user's keys and sessions
 * @param tokensPerMinute gateway prompt and completion tokens a minute
 * @param monthlyTokens gateway prompt and completion tokens a calendar month (UTC)
 * @param maxKeys API keys the user may hold at once
 * @param maxEndpoints endpoints the user may own at once, routers included
 * @param maxReplicas replicas the user's endpoints may run together, each endpoint counted at its
 *     {@code maxReplicas}
 * @param storageBytes bytes of model and dataset files the user may keep in the registry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserLimits(
        @Min(1) @Max(10_000_000) Integer requestsPerMinute,
        @Min(1) @Max(1_000_000_000_000L) Long tokensPerMinute,
        @Min(1) @Max(1_000_000_000_000_000L) Long monthlyTokens,
        @Min(0) @Max(100_000) Integer maxKeys,
        @Min(0) @Max(100_000) Integer maxEndpoints,
        @Min(0) @Max(100_000) Integer maxReplicas,
        @Min(0) Long storageBytes) {

    public static final UserLimits NONE = new UserLimits(null, null, null, null, null, null, null);

    /** The gateway part, which the gateway applies to the user as it applies a key's limits to the key. */
    @JsonIgnore
    public KeyLimits gateway() {
        return new KeyLimits(requestsPerMinute, tokensPerMinute, monthlyTokens);
    }
}
