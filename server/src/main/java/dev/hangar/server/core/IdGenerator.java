package dev.hangar.server.core;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Stable, URL-safe, time-ordered identifiers: a kind prefix, then 48 bits of milliseconds and 80
 * random bits in lowercase Crockford base32 (e.g. {@code key_01jd3k…}). Sorting ids sorts by creation.
 */
public final class IdGenerator {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    public String next(String prefix) {
        char[] out = new char[26];
        long time = clock.millis();
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
            lo = (lo << 8) | (random[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return prefix + "_" + new String(out);
    }
}
