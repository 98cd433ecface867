package dev.hangar.server.endpoint;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.math.BigDecimal;

/**
 * What a router endpoint's provider charges, per million tokens, in the currency of the resources'
 * price per hour; the gateway meters each request's cost from it. A missing price counts as zero.
 */
public record TokenPricing(
        @DecimalMin("0") @Digits(integer = 12, fraction = 6) BigDecimal promptPerMillionTokens,
        @DecimalMin("0") @Digits(integer = 12, fraction = 6) BigDecimal completionPerMillionTokens) {

    /** The cost of one request's tokens. */
    public double cost(long promptTokens, long completionTokens) {
        return (perToken(promptPerMillionTokens) * promptTokens)
                + (perToken(completionPerMillionTokens) * completionTokens);
    }

    private static double perToken(BigDecimal perMillion) {
        return perMillion == null ? 0 : perMillion.doubleValue() / 1_000_000.0;
    }
}
