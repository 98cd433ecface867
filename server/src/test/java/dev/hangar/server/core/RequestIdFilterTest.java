package dev.hangar.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Request ids: the client's own when it is sane, else a fresh random UUID. */
class RequestIdFilterTest {

    @Test
    void keepsASaneIdTheClientSent() {
        assertThat(RequestIdFilter.idFor("trace-42.a:b_c")).isEqualTo("trace-42.a:b_c");
    }

    @Test
    void replacesMissingOrUnsafeIdsWithDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdFilter.idFor(i % 2 == 0 ? null : "bad id\r\nX-Injected: 1");
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
