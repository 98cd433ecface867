package dev.hangar.server.endpoint;

import dev.hangar.server.auth.UserLimits;
import dev.hangar.server.auth.UserLimitsService;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds each user to the endpoints and replicas an admin allowed them ({@code maxEndpoints},
 * {@code maxReplicas}). Each endpoint counts at its {@code maxReplicas}, what it may grow to, and a
 * router endpoint at none. The count and the write it allows run in one transaction with the
 * owner's user row locked, so that requests made at once cannot pass the count together.
 */
@Component
class EndpointQuota {

    private final UserLimitsService limits;
    private final EndpointRepository endpoints;
    private final TransactionTemplate transaction;

    EndpointQuota(UserLimitsService limits, EndpointRepository endpoints, TransactionTemplate transaction) {
        this.limits = limits;
        this.endpoints = endpoints;
        this.transaction = transaction;
    }

    /** Runs {@code write}, which adds {@code endpoints} endpoints and {@code replicas} replicas to the owner's, if their limits allow. */
    void within(String ownerId, int addedEndpoints, int addedReplicas, Runnable write) {
        transaction.executeWithoutResult(status -> {
            UserLimits allowed = limits.lock(ownerId);
            EndpointRepository.Holdings held = endpoints.holdings(ownerId);
            if (addedEndpoints > 0
                    && allowed.maxEndpoints() != null
                    && held.endpoints() + addedEndpoints > allowed.maxEndpoints()) {
                throw new ApiException(
                        ProblemType.LIMIT_REACHED,
                        MessageCode.LIMIT_ENDPOINTS.with("held", held.endpoints(), "max", allowed.maxEndpoints()));
            }
            if (addedReplicas > 0
                    && allowed.maxReplicas() != null
                    && held.replicas() + addedReplicas > allowed.maxReplicas()) {
                throw new ApiException(
                        ProblemType.LIMIT_REACHED,
                        MessageCode.LIMIT_REPLICAS.with(
                                "held", held.replicas(), "added", addedReplicas, "max", allowed.maxReplicas()));
            }
            write.run();
        });
    }
}
