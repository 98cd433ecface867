package dev.hangar.server.auth;

import dev.hangar.server.core.AfterCommit;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists and revokes API keys ({@link ApiKeyChecker} checks them). A revoked key is deleted
 * and dropped from the cache of checked keys, so the next request with it fails.
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final ApiKeyHasher hasher;
    private final ApiKeyChecker checker;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiKeyService(
            ApiKeyRepository keys, ApiKeyHasher hasher, ApiKeyChecker checker, IdGenerator ids, Clock clock) {
        this.keys = keys;
        this.hasher = hasher;
        this.checker = checker;
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional
    public CreatedApiKey create(User owner, String name, Optional<Instant> expiresAt, KeyLimits limits) {
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw ApiException.invalidField("expiresAt", "must be in the future");
        }
        return issue(owner, name, hasher.newKey(), expiresAt.orElse(null), limits, now);
    }

    /** Sets a key's gateway limits (admins only: a user must not lift limits an admin set); they apply to the next request. */
    @Transactional
    public ApiKey setLimits(AuthenticatedUser caller, String keyId, KeyLimits limits) {
        if (!caller.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, "Only an admin may change an API key's limits.");
        }
        if (!keys.setLimits(keyId, limits)) {
            throw ApiException.notFound("API key", keyId);
        }
        AfterCommit.run(() -> checker.forgetLimits(keyId));
        log.info("api key {} limits set to {} by {}", keyId, limits, caller.username());
        return keys.findById(keyId).orElseThrow(() -> ApiException.notFound("API key", keyId));
    }

    /** Registers a key chosen outside Hangar (HANGAR_ADMIN_API_KEY) under the given name, replacing that name's key. */
    @Transactional
    public void registerFixedKey(User owner, String name, String apiKey) {
        if (keys.existsByHash(hasher.hash(apiKey))) {
            return;
        }
        keys.findByName(owner.id(), name).ifPresent(old -> delete(old.id()));
        issue(owner, name, apiKey, null, KeyLimits.NONE, clock.instant());
    }

    private CreatedApiKey issue(
            User owner, String name, String apiKey, Instant expiresAt, KeyLimits limits, Instant now) {
        keys.findByName(owner.id(), name).ifPresent(existing -> {
            throw new ConflictException(
                    "You already have an API key named '" + name + "'; revoke it or choose another name.",
                    existing.id());
        });
        String id = ids.next("key");
        String prefix = ApiKeyHasher.visiblePrefix(apiKey);
        try {
            keys.insert(id, owner.id(), name, prefix, hasher.hash(apiKey), now, expiresAt, limits);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An API key named '" + name + "' was just created; choose another name.", null);
        }
        log.info("api key {} ({}) issued to {}", id, prefix, owner.username());
        return new CreatedApiKey(
                id, name, prefix, owner.username(), apiKey, now, expiresAt, limits.isNone() ? null : limits);
    }

    /** Keys the caller may see: their own, or everyone's for an admin who asks for all. */
    public Page<ApiKey> list(AuthenticatedUser caller, boolean all, PageRequest page) {
        if (all && !caller.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, "Only an admin may list everyone's API keys (all=true).");
        }
        return keys.list(all ? Optional.empty() : Optional.of(caller.userId()), page);
    }

    @Transactional
    public void revoke(AuthenticatedUser caller, String keyId) {
        String owner = keys.ownerId(keyId).orElseThrow(() -> ApiException.notFound("API key", keyId));
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            throw ApiException.notFound("API key", keyId);
        }
        delete(keyId);
        log.info("api key {} revoked by {}", keyId, caller.username());
    }

    private void delete(String keyId) {
        keys.delete(keyId);
        AfterCommit.run(() -> checker.forgetKey(keyId));
    }

    /** Forgets the checked keys of a user who is deleted (the database deletes their keys with them) or disabled. */
    void forgetUser(String userId) {
        AfterCommit.run(() -> checker.forgetUser(userId));
    }

    public boolean isRegistered(String apiKey) {
        return keys.existsByHash(hasher.hash(apiKey));
    }
}
