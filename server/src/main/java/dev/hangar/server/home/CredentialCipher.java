package dev.hangar.server.home;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;

/**
 * Encrypts credentials Hangar must send on (a provider's API key) for storage in the database:
 * AES-256-GCM with a fresh random nonce per value, under a key derived from the server secret for
 * this purpose only. A stored value reads {@code v1:<base64 of nonce and ciphertext>}; the version
 * leaves room for a later key or cipher. Opening fails loudly when the value was sealed under
 * another server secret or altered, never answering garbage.
 */
@Component
public class CredentialCipher {

    private static final String VERSION = "v1:";

    private final AesBytesEncryptor aes;

    @Autowired
    public CredentialCipher(ServerSecret secret) {
        this(secret.deriveKey("credentials"));
    }

    CredentialCipher(byte[] key) {
        this.aes = new AesBytesEncryptor(
                new SecretKeySpec(key, "AES"), KeyGenerators.secureRandom(16), AesBytesEncryptor.CipherAlgorithm.GCM);
    }

    public String seal(String plain) {
        return VERSION + Base64.getEncoder().encodeToString(aes.encrypt(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** The plain text of a sealed value; {@link IllegalStateException} when it cannot be opened with this server's secret. */
    public String open(String sealed) {
        if (!sealed.startsWith(VERSION)) {
            throw new IllegalStateException("a stored credential is in an unknown format");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            return new String(aes.decrypt(bytes), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException(
                    "a stored credential cannot be decrypted: it was stored under another server secret"
                            + " (HANGAR_SECRET_KEY or $HANGAR_HOME/secret-key) or altered",
                    e);
        }
    }
}
