package dev.hangar.server.home;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The server's master secret ({@code HANGAR_SECRET_KEY}, else {@code $HANGAR_HOME/secret-key},
 * created on first start). Features never use it directly: each derives its own key for one
 * purpose, so that a key for hashing API keys can never decrypt a stored credential.
 * Instances that share one database must share this secret.
 */
@Component
public class ServerSecret {

    static final String FILE_NAME = "secret-key";
    private static final int MIN_BYTES = 32;
    private static final String NEW_SECRET = "Use 32 random bytes in base64 ('openssl rand -base64 32'). Changing the"
            + " secret invalidates every API key, so restore the old one if you have it.";

    private final byte[] master;

    public ServerSecret(HangarProperties properties, HangarHome home) {
        String encoded = properties
                .fixedSecretKey()
                .or(() -> home.readSecret(FILE_NAME))
                .orElseGet(() -> {
                    byte[] fresh = new byte[MIN_BYTES];
                    new SecureRandom().nextBytes(fresh);
                    String value = Base64.getEncoder().encodeToString(fresh);
                    home.writeSecret(FILE_NAME, value);
                    return value;
                });
        this.master = decode(encoded);
    }

    private static byte[] decode(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new StartupProblem(
                    "The server secret (HANGAR_SECRET_KEY or $HANGAR_HOME/" + FILE_NAME + ") is not base64.",
                    NEW_SECRET);
        }
        if (bytes.length < MIN_BYTES) {
            throw new StartupProblem(
                    "The server secret (HANGAR_SECRET_KEY or $HANGAR_HOME/" + FILE_NAME + ") must hold at least "
                            + MIN_BYTES + " bytes.",
                    NEW_SECRET);
        }
        return bytes;
    }

    /** A 256-bit key for one purpose, derived from the master secret with HMAC-SHA-256. */
    public byte[] deriveKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(("hangar:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
