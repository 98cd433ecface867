package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.hangar.server.home.ServerSecret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyCheckerTest {

    private static final String JUNK = "hgr_junk-guessed-by-someone";

    private final ApiKeyRepository repository = mock(ApiKeyRepository.class);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LastUsedTimes lastUsed = new LastUsedTimes(repository);
    private final ApiKeyChecker checker =
            new ApiKeyChecker(repository, lastUsed, hasher(), clock, new SimpleMeterRegistry());

    @Test
    void anUnknownKeyIsLookedUpOnceWithinTheCacheWindow() {
        when(repository.findByHash(anyString())).thenReturn(Optional.empty());

        assertThat(checker.checkCached(JUNK)).as("not looked up yet").isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(checker.check(JUNK)).isInstanceOf(ApiKeyChecker.Check.Invalid.class);
        }
        assertThat(checker.checkCached(JUNK))
                .hasValueSatisfying(check -> assertThat(check).isInstanceOf(ApiKeyChecker.Check.Invalid.class));
        verify(repository, times(1)).findByHash(anyString());

        clock.now = clock.now.plus(UnknownApiKeys.TIME_TO_LIVE).plusMillis(1);
        assertThat(checker.checkCached(JUNK)).as("the window is over").isEmpty();
        checker.check(JUNK);
        verify(repository, times(2)).findByHash(anyString());
    }

    @Test
    void unknownKeysAreRememberedByTheirKeyedHashNotTheKeyItself() {
        when(repository.findByHash(anyString())).thenReturn(Optional.empty());
        ApiKeyHasher hasher = hasher();

        checker.check(JUNK);

        verify(repository).findByHash(hasher.hash(JUNK));
    }

    @Test
    void checkingAKeyNeverWritesItsLastUseTheBatchDoesOncePerKey() {
        User owner = new User("usr_1", "owner", Role.USER, clock.now, UserLimits.NONE);
        when(repository.findByHash(anyString()))
                .thenReturn(Optional.of(new ApiKeyRepository.KeyOwner("key_1", null, null, owner, KeyLimits.NONE)));
        for (int i = 0; i < 10; i++) {
            clock.now = clock.now.plus(ApiKeyChecker.LAST_USED_RESOLUTION).plusSeconds(1);
            assertThat(checker.check("hgr_a-real-key")).isInstanceOf(ApiKeyChecker.Check.Valid.class);
            assertThat(checker.checkCached("hgr_a-real-key")).isPresent();
        }
        verify(repository, never()).touch(anyString(), any());

        lastUsed.writeNoted();

        verify(repository, times(1)).touch("key_1", clock.now);
        lastUsed.writeNoted();
        verify(repository, times(1)).touch(anyString(), any());
    }

    @Test
    void aLastUseTheDatabaseRefusedIsWrittenWithTheNextBatch() {
        Instant usedAt = clock.now;
        doThrow(new IllegalStateException("database down"))
                .doNothing()
                .when(repository)
                .touch("key_1", usedAt);
        lastUsed.note("key_1", usedAt);

        lastUsed.writeNoted();
        lastUsed.writeNoted();

        verify(repository, times(2)).touch("key_1", usedAt);
    }

    private static ApiKeyHasher hasher() {
        ServerSecret secret = mock(ServerSecret.class);
        when(secret.deriveKey(anyString())).thenReturn(new byte[32]);
        return new ApiKeyHasher(secret);
    }

    private static final class MovableClock extends Clock {

        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
