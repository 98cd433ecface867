package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.core.PageRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The user and API key repositories against a real database migrated by Flyway; one subclass per
 * database Hangar supports, so that the same SQL is proven on each.
 */
abstract class RepositoryContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    private UserRepository users;
    private ApiKeyRepository keys;

    /** A data source on an empty database of the kind under test. */
    abstract DataSource dataSource();

    @BeforeEach
    void migrateAndClean() {
        DataSource dataSource = dataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from users").update();
        users = new UserRepository(jdbc);
        keys = new ApiKeyRepository(jdbc);
    }

    private User user(String id, String name, Role role) {
        User user = new User(id, name, role, T0, UserLimits.NONE);
        users.insert(user, "{bcrypt}hash-of-" + name);
        return user;
    }

    @Test
    void userRoundTripsWithItsTimestampInUtc() {
        User alice = user("usr_1", "alice", Role.USER);

        assertThat(users.findById("usr_1")).contains(alice);
        assertThat(users.findByUsername("alice")).contains(alice);
        assertThat(users.passwordHash("usr_1")).contains("{bcrypt}hash-of-alice");
        assertThat(users.findByUsername("nobody")).isEmpty();
    }

    @Test
    void duplicateUsernameIsADuplicateKey() {
        user("usr_1", "alice", Role.USER);

        assertThatThrownBy(() -> user("usr_2", "alice", Role.ADMIN)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void unknownRoleIsRejectedByTheSchema() {
        JdbcClient jdbc = JdbcClient.create(dataSource());
        assertThatThrownBy(() -> jdbc.sql("insert into users (id, username, password_hash, role, created_at)"
                                + " values ('usr_x', 'x', 'h', 'root', current_timestamp)")
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void keyIsFoundByHashWithItsOwner() {
        User alice = user("usr_1", "alice", Role.USER);
        keys.insert(
                "key_1",
                alice.id(),
                "laptop",
                "hgr_abcdefgh",
                "hash-1",
                T0,
                T0.plus(30, ChronoUnit.DAYS),
                KeyLimits.NONE);

        var found = keys.findByHash("hash-1").orElseThrow();

        assertThat(found.keyId()).isEqualTo("key_1");
        assertThat(found.user()).isEqualTo(alice);
        assertThat(found.expiresAt()).isEqualTo(T0.plus(30, ChronoUnit.DAYS));
        assertThat(found.lastUsedAt()).isNull();
        assertThat(keys.findByHash("hash-2")).isEmpty();
    }

    @Test
    void keyLimitsAreStoredAndChanged() {
        User alice = user("usr_1", "alice", Role.USER);
        keys.insert("key_1", alice.id(), "app", "p", "hash-1", T0, null, new KeyLimits(60, null, 1_000_000L));

        assertThat(keys.findByHash("hash-1").orElseThrow().limits()).isEqualTo(new KeyLimits(60, null, 1_000_000L));
        assertThat(keys.setLimits("key_1", new KeyLimits(null, 5000L, null))).isTrue();
        assertThat(keys.findById("key_1").orElseThrow().limits()).isEqualTo(new KeyLimits(null, 5000L, null));
        assertThat(keys.setLimits("key_1", KeyLimits.NONE)).isTrue();
        assertThat(keys.findById("key_1").orElseThrow().limits())
                .as("no limits is shown as none")
                .isNull();
        assertThat(keys.setLimits("key_missing", KeyLimits.NONE)).isFalse();
    }

    @Test
    void keyNamesAreUniquePerUserOnly() {
        User alice = user("usr_1", "alice", Role.USER);
        User bob = user("usr_2", "bob", Role.USER);
        keys.insert("key_1", alice.id(), "laptop", "p1", "hash-1", T0, null, KeyLimits.NONE);
        keys.insert("key_2", bob.id(), "laptop", "p2", "hash-2", T0, null, KeyLimits.NONE);

        assertThatThrownBy(() -> keys.insert("key_3", alice.id(), "laptop", "p3", "hash-3", T0, null, KeyLimits.NONE))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> keys.insert("key_4", bob.id(), "other", "p4", "hash-1", T0, null, KeyLimits.NONE))
                .as("the same hash twice")
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void listPagesNewestFirstAndFiltersByOwner() {
        User alice = user("usr_1", "alice", Role.USER);
        User bob = user("usr_2", "bob", Role.USER);
        for (int i = 0; i < 5; i++) {
            keys.insert("key_a" + i, alice.id(), "k" + i, "p", "ha" + i, T0.plusSeconds(i), null, KeyLimits.NONE);
        }
        keys.insert("key_b", bob.id(), "k", "p", "hb", T0, null, KeyLimits.NONE);

        var first = keys.list(Optional.of(alice.id()), new PageRequest(0, 2));
        var last = keys.list(Optional.of(alice.id()), new PageRequest(2, 2));
        var everyone = keys.list(Optional.empty(), new PageRequest(0, 100));

        assertThat(first.items()).extracting(ApiKey::id).containsExactly("key_a4", "key_a3");
        assertThat(first.total()).isEqualTo(5);
        assertThat(last.items()).extracting(ApiKey::id).containsExactly("key_a0");
        assertThat(everyone.total()).isEqualTo(6);
        assertThat(everyone.items()).extracting(ApiKey::owner).contains("alice", "bob");
    }

    @Test
    void touchRecordsLastUse() {
        User alice = user("usr_1", "alice", Role.USER);
        keys.insert("key_1", alice.id(), "laptop", "p", "hash-1", T0, null, KeyLimits.NONE);

        keys.touch("key_1", T0.plusSeconds(90));

        assertThat(keys.findById("key_1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void deletingAUserDeletesTheirKeys() {
        User alice = user("usr_1", "alice", Role.USER);
        keys.insert("key_1", alice.id(), "laptop", "p", "hash-1", T0, null, KeyLimits.NONE);

        assertThat(users.delete(alice.id())).isTrue();

        assertThat(keys.findByHash("hash-1")).isEmpty();
        assertThat(keys.findById("key_1")).isEmpty();
    }
}
