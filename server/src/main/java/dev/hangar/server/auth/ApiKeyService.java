package dev.hangar.server.auth;

import dev.hangar.server.core.AfterCommit;
import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.message.MessageCode;
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
    private final UserRepository users;
    private final ApiKeyHasher hasher;
    private final ApiKeyChecker checker;
    private final LastUsedTimes lastUsed;
    private final IdGenerator ids;
    private final Clock clock;

    public ApiKeyService(
            ApiKeyRepository keys,
            UserRepository users,
            ApiKeyHasher hasher,
            ApiKeyChecker checker,
            LastUsedTimes lastUsed,
            IdGenerator ids,
            Clock clock) {
        this.keys = keys;
        this.users = users;
        this.hasher = hasher;
        this.checker = checker;
        this.lastUsed = lastUsed;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Issues a key to {@code owner}, who asked with the key {@code creatorKeyId} (empty: a browser
     * session, or the server itself), within the owner's limits: no limit above the user's, no more
     * keys than their {@code maxKeys}. A key created with another key gets no more than that key
     * ({@link CreatorKey}): otherwise any limited or expiring key could mint an unlimited, lasting one.
     */
    @Transactional
    public CreatedApiKey create(
            User owner, String name, Optional<Instant> expiresAt, KeyLimits limits, Optional<String> creatorKeyId) {
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw ApiException.invalidField("expiresAt", MessageCode.KEY_EXPIRY_PAST.with());
        }
        limits.requireWithin(owner.limits().gateway(), MessageCode.KEY_WHOSE_USER.with());
        requireRoomForAKey(owner);
        Optional<CreatorKey> creator = creatorKeyId.flatMap(keys::findById).map(CreatorKey::of);
        KeyLimits granted = creator.map(c -> c.narrow(limits)).orElse(limits);
        Optional<Instant> expiry = creator.map(c -> c.narrow(expiresAt)).orElse(expiresAt);
        return issue(owner, name, hasher.newKey(), expiry.orElse(null), granted, now);
    }

    /** Counts the owner's keys with their user row locked, so that keys created at once cannot pass the count together. */
    private void requireRoomForAKey(User owner) {
        Integer maxKeys = owner.limits().maxKeys();
        if (maxKeys == null) {
            return;
        }
        users.lock(owner.id());
        long held = keys.countOf(owner.id());
        if (held >= maxKeys) {
            throw new ApiException(
                    ProblemType.LIMIT_REACHED, MessageCode.LIMIT_KEYS.with("held", held, "max", maxKeys));
        }
    }

    /** Sets a key's gateway limits (admins only: a user must not lift limits an admin set); they apply to the next request. */
    @Transactional
    public ApiKey setLimits(AuthenticatedUser caller, String keyId, KeyLimits limits) {
        if (!caller.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, MessageCode.KEY_LIMITS_ADMIN_ONLY.with());
        }
        if (!keys.setLimits(keyId, limits)) {
            throw ApiException.notFound(MessageCode.NOUN_API_KEY, keyId);
        }
        AfterCommit.run(() -> checker.forgetLimits(keyId));
        log.info("api key {} limits set to {} by {}", keyId, limits, caller.username());
        return keys.findById(keyId).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_API_KEY, keyId));
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
            throw new ConflictException(MessageCode.KEY_NAME_TAKEN.with("name", name), existing.id());
        });
        String id = ids.next("key");
        String prefix = ApiKeyHasher.visiblePrefix(apiKey);
        try {
            keys.insert(id, owner.id(), name, prefix, hasher.hash(apiKey), now, expiresAt, limits);
        } catch (DuplicateKeyException e) {
            throw new ConflictException(MessageCode.KEY_NAME_JUST_TAKEN.with("name", name), null);
        }
        log.info("api key {} ({}) issued to {}", id, prefix, owner.username());
        return new CreatedApiKey(
                id, name, prefix, owner.username(), apiKey, now, expiresAt, limits.isNone() ? null : limits);
    }

    /** Keys the caller may see: their own, or everyone's for an admin who asks for all. */
    public Page<ApiKey> list(AuthenticatedUser caller, boolean all, PageRequest page) {
        if (all && !caller.isAdmin()) {
            throw new ApiException(ProblemType.FORBIDDEN, MessageCode.KEY_LIST_ALL_ADMIN_ONLY.with());
        }
        return keys.list(all ? Optional.empty() : Optional.of(caller.userId()), page)
                .map(lastUsed::withNoted);
    }

    @Transactional
    public void revoke(AuthenticatedUser caller, String keyId) {
        String owner = keys.ownerId(keyId).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_API_KEY, keyId));
        if (!owner.equals(caller.userId()) && !caller.isAdmin()) {
            throw ApiException.notFound(MessageCode.NOUN_API_KEY, keyId);
        }
        delete(keyId);
        log.info("api key {} revoked by {}", keyId, caller.username());
    }

    private void delete(String keyId) {
        keys.delete(keyId);
        AfterCommit.run(() -> checker.forgetKey(keyId));
    }

    /**
     * Forgets the checked keys of a user who is deleted (the database deletes their keys with
     * them), disabled, or whose limits changed.
     */
    void forgetUser(String userId) {
        AfterCommit.run(() -> checker.forgetUser(userId));
    }

    public boolean isRegistered(String apiKey) {
        return keys.existsByHash(hasher.hash(apiKey));
    }
}
