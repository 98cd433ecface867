package dev.hangar.server.auth;

import dev.hangar.server.home.ServerSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Makes API keys and their stored form. A key is {@code hgr_} and 40 random base62 characters
 * (238 bits), so a fast keyed hash is safe where a slow password hash would cost the gateway a
 * bcrypt on every request: HMAC-SHA-256 under a key derived from the server secret, so that a
 * leaked database alone lets no one test guesses.
 */
@Component
public class ApiKeyHasher {

    static final String PREFIX = "hgr_";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 40;
    private static final int SHOWN_CHARS = 12;

    private final SecureRandom random = new SecureRandom();
    /**
     * One keyed MAC per thread (a {@link Mac} is not thread-safe): looking the algorithm up and
     * keying it on every request cost more than the hash itself, on the gateway's hot path.
     */
    private final ThreadLocal<Mac> mac;

    public ApiKeyHasher(ServerSecret secret) {
        SecretKeySpec key = new SecretKeySpec(secret.deriveKey("api-key-hash"), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> keyedMac(key));
    }

    private static Mac keyedMac(SecretKeySpec key) {
        try {
            Mac keyed = Mac.getInstance("HmacSHA256");
            keyed.init(key);
            return keyed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    public String newKey() {
        StringBuilder out = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            out.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return out.toString();
    }

    public String hash(String apiKey) {
        // doFinal leaves the MAC reset and keyed for the next call on this thread
        return HexFormat.of().formatHex(mac.get().doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** The part of a key shown in lists: {@code hgr_} and 8 characters, or 4 characters of a key set by hand. */
    public static String visiblePrefix(String apiKey) {
        return apiKey.startsWith(PREFIX) ? apiKey.substring(0, SHOWN_CHARS) : apiKey.substring(0, 4) + "…";
    }
}
