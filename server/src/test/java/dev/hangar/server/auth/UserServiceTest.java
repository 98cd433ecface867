package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.ServerSecret;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.support.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password checks of {@link UserService} on an H2 file database, with the password encoder's calls recorded. */
class UserServiceTest {

    /** bcrypt at its lowest cost, recording which hashes passwords were checked against and how often it hashed. */
    private static final class RecordingEncoder implements PasswordEncoder {
        private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        final List<String> checkedAgainst = new ArrayList<>();
        int hashed;

        @Override
        public String encode(CharSequence raw) {
            hashed++;
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String hash) {
            checkedAgainst.add(hash);
            return bcrypt.matches(raw, hash);
        }
    }

    @TempDir
    Path home;

    private final RecordingEncoder encoder = new RecordingEncoder();
    private UserService users;
    private UserRepository repository;

    @BeforeEach
    void database() {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:" + home.resolve("db")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "sa",
                "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Clock clock = Clock.systemUTC();
        IdGenerator ids = new IdGenerator(clock);
        repository = new UserRepository(jdbc);
        ApiKeyRepository keyRepository = new ApiKeyRepository(jdbc);
        HangarProperties properties = Settings.hangar(Map.of(
                "hangar.home", home.toString(),
                "hangar.secret-key", Base64.getEncoder().encodeToString(new byte[32])));
        ApiKeyHasher hasher = new ApiKeyHasher(new ServerSecret(properties, new HangarHome(properties)));
        LastUsedTimes lastUsed = new LastUsedTimes(keyRepository);
        ApiKeyService keys = new ApiKeyService(
                keyRepository,
                repository,
                hasher,
                new ApiKeyChecker(keyRepository, lastUsed, hasher, clock, new SimpleMeterRegistry()),
                lastUsed,
                ids,
                clock);
        users = new UserService(
                repository, encoder, ids, clock, keys, new UserLimitsService(repository, keys, properties));
    }

    @Test
    void anUnknownUserCostsTheSameAsAWrongPassword() {
        User known = users.create("known", "a-long-enough-password", Role.USER);
        String knownHash = repository.passwordHash(known.id()).orElseThrow();
        encoder.checkedAgainst.clear();
        encoder.hashed = 0;

        assertThat(users.authenticate("known", "wrong-password")).isEmpty();
        assertThat(users.authenticate("nobody", "wrong-password")).isEmpty();

        assertThat(encoder.hashed).as("no fresh hash per attempt").isZero();
        assertThat(encoder.checkedAgainst).hasSize(2);
        assertThat(encoder.checkedAgainst.get(0)).isEqualTo(knownHash);
        assertThat(encoder.checkedAgainst.get(1))
                .as("the unknown user is checked against a dummy bcrypt hash")
                .startsWith("$2")
                .isNotEqualTo(knownHash);
    }

    @Test
    void anAdminCannotChangeTheirOwnRoleOrDisableThemselves() {
        User admin = users.create("boss", "a-long-enough-password", Role.ADMIN);
        AuthenticatedUser self = caller(admin);

        assertThatThrownBy(() -> users.update(self, "boss", change(Role.USER, null)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.message().code()).isEqualTo("user.roleSelf"));
        assertThatThrownBy(() -> users.update(self, "boss", change(null, true)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.message().code()).isEqualTo("user.disableSelf"));
        assertThat(users.update(self, "boss", change(Role.ADMIN, false)))
                .as("asking for what already is changes nothing")
                .isEqualTo(users.get("boss"));
        assertThat(users.get("boss").role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void theLastEnabledAdminKeepsTheRole() {
        User first = users.create("first", "a-long-enough-password", Role.ADMIN);
        User second = users.create("second", "a-long-enough-password", Role.ADMIN);
        // The second admin took the first's role while the first's request, authenticated as an admin, was on its way.
        AuthenticatedUser stale = caller(first);
        users.update(caller(second), "first", change(Role.USER, null));

        for (UserChange removal : List.of(change(Role.USER, null), change(null, true))) {
            assertThatThrownBy(() -> users.update(stale, "second", removal))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.message().code()).isEqualTo("user.lastAdmin");
                        assertThat(e.message().params()).containsEntry("user", "second");
                    });
        }
        assertThatThrownBy(() -> users.delete(stale, "second"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.message().code()).isEqualTo("user.lastAdmin"));
        assertThat(users.get("second")).extracting(User::role, User::disabled).containsExactly(Role.ADMIN, false);

        users.create("third", "a-long-enough-password", Role.ADMIN);
        users.update(caller(second), "third", change(null, true));
        assertThatThrownBy(() -> users.update(stale, "second", change(Role.USER, null)))
                .as("a disabled admin cannot manage Hangar either")
                .isInstanceOf(ApiException.class);
        users.update(caller(second), "third", change(null, false));
        assertThat(users.update(stale, "second", change(Role.USER, null)).role())
                .as("with another enabled admin, the role can go")
                .isEqualTo(Role.USER);
    }

    @Test
    void aDemotedAdminGetsANewUsersLimitsUnlessTheChangeSetsThem() {
        User admin = users.create("root", "a-long-enough-password", Role.ADMIN);
        users.create("former", "a-long-enough-password", Role.ADMIN);
        users.create("other", "a-long-enough-password", Role.ADMIN);
        User plain = users.create("plain", "a-long-enough-password", Role.USER);

        User demoted = users.update(caller(admin), "former", change(Role.USER, null));
        assertThat(demoted.limits()).isEqualTo(plain.limits()).isNotEqualTo(UserLimits.NONE);

        UserLimits chosen = new UserLimits(10, null, null, 3, null, null, null);
        User alsoDemoted = users.update(
                caller(admin), "other", new UserChange(Optional.of(Role.USER), Optional.empty(), Optional.of(chosen)));
        assertThat(alsoDemoted.limits()).isEqualTo(chosen);

        User promoted = users.update(caller(admin), "plain", change(Role.ADMIN, null));
        assertThat(promoted.limits()).as("a promotion keeps the limits").isEqualTo(plain.limits());
    }

    private static UserChange change(Role role, Boolean disabled) {
        return new UserChange(Optional.ofNullable(role), Optional.ofNullable(disabled), Optional.empty());
    }

    private static AuthenticatedUser caller(User user) {
        return new AuthenticatedUser(
                user.id(), user.username(), Role.ADMIN, Optional.empty(), KeyLimits.NONE, user.limits());
    }
}
