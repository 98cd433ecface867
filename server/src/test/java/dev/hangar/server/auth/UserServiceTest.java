package dev.hangar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.ServerSecret;
import dev.hangar.server.support.Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
}
