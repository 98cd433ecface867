package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.auth.ApiKeyRepository.KeyOwner;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final User ANN = new User("usr_ann", "ann", Role.USER, T0, UserLimits.NONE);
    private static final User BOB = new User("usr_bob", "bob", Role.USER, T0, UserLimits.NONE);

    private final ApiKeyCache cache = new ApiKeyCache();

    @Test
    void answersAKeyItLoadedUntilItsTimeToLiveRunsOut() {
        KeyOwner key = key("key_1", ANN);
        cache.put("h1", key, T0, cache.stamp());

        assertThat(cache.get("h1", T0.plus(ApiKeyCache.TIME_TO_LIVE))).contains(key);
        assertThat(cache.get("h1", T0.plus(ApiKeyCache.TIME_TO_LIVE).plusMillis(1)))
                .isEmpty();
        assertThat(cache.get("h2", T0)).isEmpty();
    }

    @Test
    void forgetsARevokedKeyAndTheKeysOfADeletedUserAtOnce() {
        cache.put("h1", key("key_1", ANN), T0, cache.stamp());
        cache.put("h2", key("key_2", ANN), T0, cache.stamp());
        cache.put("h3", key("key_3", BOB), T0, cache.stamp());

        cache.forgetKey("key_1");
        assertThat(cache.get("h1", T0)).isEmpty();
        assertThat(cache.get("h2", T0)).isPresent();

        cache.forgetUser("usr_ann");
        assertThat(cache.get("h2", T0)).isEmpty();
        assertThat(cache.get("h3", T0)).isPresent();
    }

    @Test
    void aKeyLoadedWhileAnotherWasForgottenIsNotKept() {
        long stamp = cache.stamp();
        cache.forgetKey("key_1");
        cache.put("h1", key("key_1", ANN), T0, stamp);

        assertThat(cache.get("h1", T0))
                .as("loaded before the revocation took effect")
                .isEmpty();
    }

    @Test
    void startsOverWhenFull() {
        for (int i = 0; i < ApiKeyCache.MAX_ENTRIES; i++) {
            cache.put("h" + i, key("key_" + i, ANN), T0, cache.stamp());
        }
        cache.put("last", key("key_last", ANN), T0, cache.stamp());

        assertThat(cache.get("h0", T0)).isEmpty();
        assertThat(cache.get("last", T0)).isPresent();
    }

    private static KeyOwner key(String id, User user) {
        return new KeyOwner(id, null, null, user, KeyLimits.NONE);
    }
}
