package dev.hangar.server.auth;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.home.StartupProblem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure the first admin can get in, before the server takes requests. First start: creates
 * user {@code admin} with a generated password ({@code $HANGAR_HOME/admin-password}) and API key
 * ({@code $HANGAR_HOME/admin-api-key}), both files mode 600, unless HANGAR_ADMIN_PASSWORD /
 * HANGAR_ADMIN_API_KEY give them. Later starts reuse them; a key file that was deleted is replaced
 * with a new key, and a key that was revoked is not brought back.
 */
@Component
public class AdminBootstrap implements SmartInitializingSingleton {

    public static final String ADMIN = "admin";
    public static final String KEY_FILE = "admin-api-key";
    public static final String PASSWORD_FILE = "admin-password";
    static final String BOOTSTRAP_KEY_NAME = "admin bootstrap key";
    static final String ENV_KEY_NAME = "HANGAR_ADMIN_API_KEY";
    private static final int MIN_FIXED_KEY_LENGTH = 24;
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    /** Where the admin's credentials came from, for the startup message. */
    public record Report(String keySource, String passwordSource) {}

    private final HangarProperties.Admin settings;
    private final HangarHome home;
    private final UserService users;
    private final ApiKeyService keys;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private volatile Report report;

    public AdminBootstrap(
            HangarProperties properties,
            HangarHome home,
            UserService users,
            ApiKeyService keys,
            TransactionTemplate transaction,
            Clock clock) {
        this.settings = properties.admin();
        this.home = home;
        this.users = users;
        this.keys = keys;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        settings.fixedApiKey().ifPresent(key -> {
            if (key.length() < MIN_FIXED_KEY_LENGTH) {
                throw new StartupProblem(
                        "HANGAR_ADMIN_API_KEY must be at least " + MIN_FIXED_KEY_LENGTH + " characters long",
                        "Set it to a longer random value, e.g. the output of 'openssl rand -hex 24', or unset it to have"
                                + " Hangar generate a key into $HANGAR_HOME/admin-api-key.");
            }
        });
        report = transaction.execute(status -> bootstrap());
    }

    public Report report() {
        return report;
    }

    private Report bootstrap() {
        Optional<User> existing = users.findByUsername(ADMIN);
        User admin = existing.orElseGet(this::createAdmin);
        String passwordSource = passwordSource(admin, existing.isEmpty());
        String keySource = settings.fixedApiKey()
                .map(key -> {
                    keys.registerFixedKey(admin, ENV_KEY_NAME, key);
                    return "from HANGAR_ADMIN_API_KEY";
                })
                .orElseGet(() -> ensureKeyFile(admin));
        return new Report(keySource, passwordSource);
    }

    private User createAdmin() {
        String password = settings.fixedPassword().orElseGet(AdminBootstrap::generatePassword);
        User admin = users.create(ADMIN, password, Role.ADMIN);
        if (settings.fixedPassword().isEmpty()) {
            home.writeSecret(PASSWORD_FILE, password);
        }
        log.info("created the admin user");
        return admin;
    }

    private String passwordSource(User admin, boolean created) {
        if (settings.fixedPassword().isPresent()) {
            if (!created && users.ensurePassword(admin, settings.fixedPassword().get())) {
                log.info("admin password set from HANGAR_ADMIN_PASSWORD");
            }
            return "from HANGAR_ADMIN_PASSWORD";
        }
        return home.readSecret(PASSWORD_FILE).isPresent()
                ? "in " + home.file(PASSWORD_FILE)
                : "as set before (set HANGAR_ADMIN_PASSWORD to reset it)";
    }

    private String ensureKeyFile(User admin) {
        Optional<String> onDisk = home.readSecret(KEY_FILE);
        if (onDisk.isEmpty()) {
            String key = keys.create(
                            admin,
                            BOOTSTRAP_KEY_NAME + " " + clock.instant().truncatedTo(ChronoUnit.SECONDS),
                            Optional.empty(),
                            KeyLimits.NONE,
                            Optional.empty())
                    .key();
            home.writeSecret(KEY_FILE, key);
            log.info("issued an admin API key into {}", home.file(KEY_FILE));
        } else if (!keys.isRegistered(onDisk.get())) {
            log.warn(
                    "the API key in {} was revoked; delete the file and restart to issue a new one",
                    home.file(KEY_FILE));
            return "revoked (delete " + home.file(KEY_FILE) + " and restart for a new one)";
        }
        return "in " + home.file(KEY_FILE);
    }

    private static String generatePassword() {
        char[] alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return password.toString();
    }
}
