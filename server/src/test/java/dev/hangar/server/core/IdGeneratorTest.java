package dev.hangar.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void idsAreUrlSafePrefixedAndSortByCreationTime() {
        IdGenerator earlier = new IdGenerator(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        IdGenerator later = new IdGenerator(Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC));

        String a = earlier.next("key");
        String b = later.next("key");

        assertThat(a).matches("key_[0-9a-z]{26}");
        assertThat(a.compareTo(b)).isNegative();
    }

    @Test
    void idsMadeInTheSameMillisecondDiffer() {
        IdGenerator ids = new IdGenerator(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.next("x"));
        }
        assertThat(seen).hasSize(10_000);
    }
}
