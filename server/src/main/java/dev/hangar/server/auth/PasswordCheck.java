package dev.hangar.server.auth;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes and checks passwords with bcrypt. bcrypt reads at most 72 bytes, so a longer password is
 * refused (400) instead of being cut short or failing deep in the encoder. A check for a user who
 * does not exist runs against a dummy hash, so that it costs what a wrong password costs and the
 * answer's timing does not tell which usernames exist.
 */
final class PasswordCheck {

    static final int MAX_BYTES = 72;

    private final PasswordEncoder encoder;
    private final String dummyHash;

    PasswordCheck(PasswordEncoder encoder) {
        this.encoder = encoder;
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    /** Whether {@code password} matches {@code hash}; with no hash (no such user) it checks the dummy and answers false. */
    boolean matches(String password, Optional<String> hash) {
        requireHashable("password", password);
        boolean matches = encoder.matches(password, hash.orElse(dummyHash));
        return hash.isPresent() && matches;
    }

    String hash(String field, String password) {
        requireHashable(field, password);
        return encoder.encode(password);
    }

    private static void requireHashable(String field, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.invalidField(field, MessageCode.PASSWORD_TOO_LONG.with("max", MAX_BYTES));
        }
    }
}
