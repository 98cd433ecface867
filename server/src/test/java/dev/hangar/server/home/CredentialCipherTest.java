package dev.hangar.server.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void sealedValueOpensToThePlainTextAndDoesNotContainIt() {
        CredentialCipher cipher = new CredentialCipher(key(1));
        String sealed = cipher.seal("sk-provider-secret-123");
        assertThat(sealed).startsWith("v1:").doesNotContain("sk-provider-secret-123");
        assertThat(cipher.open(sealed)).isEqualTo("sk-provider-secret-123");
    }

    @Test
    void theSameSecretSealsDifferentlyEachTime() {
        CredentialCipher cipher = new CredentialCipher(key(1));
        assertThat(cipher.seal("same")).isNotEqualTo(cipher.seal("same"));
    }

    @Test
    void anotherServerSecretCannotOpenIt() {
        String sealed = new CredentialCipher(key(1)).seal("sk-provider-secret");
        assertThatThrownBy(() -> new CredentialCipher(key(2)).open(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another server secret");
    }

    @Test
    void anAlteredValueIsRefusedNotMisread() {
        CredentialCipher cipher = new CredentialCipher(key(1));
        byte[] bytes =
                Base64.getDecoder().decode(cipher.seal("sk-provider-secret").substring(3));
        bytes[bytes.length - 1] ^= 1;
        String altered = "v1:" + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.open(altered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open("plain-text")).hasMessageContaining("unknown format");
    }
}
