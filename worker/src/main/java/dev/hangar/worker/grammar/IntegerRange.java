package dev.hangar.worker.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * GBNF for the decimal integers between two bounds, written without leading zeros, so that exactly the numbers in
 * the range match. Unbounded sides are capped at {@link #MAX_DIGITS} digits (a grammar cannot count further than it
 * is written out, and a model should not write longer numbers anyway).
 */
final class IntegerRange {
    /** The most digits an integer may have. */
    static final int MAX_DIGITS = 16;

    private static final long LARGEST = 9_999_999_999_999_999L;

    private IntegerRange() {}

    /**
     * @param min the smallest value, or null for none
     * @param max the largest value, or null for none
     * @return alternatives matching exactly the integers in the range (at most {@link #MAX_DIGITS} digits); empty
     *     when there are none
     */
    static String between(Long min, Long max) {
        long lo = min == null ? -LARGEST : Math.max(min, -LARGEST);
        long hi = max == null ? LARGEST : Math.min(max, LARGEST);
        if (lo > hi) {
            return "";
        }
        List<String> alternatives = new ArrayList<>();
        if (lo < 0) {
            // -1 .. -n, written as "-" and the magnitude
            long magnitudeLo = hi < 0 ? -hi : 1;
            alternatives.add("\"-\" (" + nonNegative(magnitudeLo, -lo) + ")");
        }
        if (hi >= 0) {
            alternatives.add(nonNegative(Math.max(lo, 0), hi));
        }
        return String.join(" | ", alternatives);
    }

    /** The integers in {@code [lo, hi]}, both non-negative and lo &lt;= hi. */
    static String nonNegative(long lo, long hi) {
        List<String> alternatives = new ArrayList<>();
        for (int digits = Long.toString(lo).length();
                digits <= Long.toString(hi).length();
                digits++) {
            long first = digits == 1 ? 0 : pow10(digits - 1);
            long last = pow10(digits) - 1;
            long a = Math.max(lo, first);
            long b = Math.min(hi, last);
            if (a <= b) {
                sameLength(Long.toString(a), Long.toString(b), "", alternatives);
            }
        }
        return String.join(" | ", alternatives);
    }

    /** Numbers of equal length from a to b, each alternative prefixed with {@code prefix}. */
    private static void sameLength(String a, String b, String prefix, List<String> out) {
        int rest = a.length() - 1;
        char fa = a.charAt(0);
        char fb = b.charAt(0);
        if (rest == 0) {
            out.add(prefix + digitRange(fa, fb));
            return;
        }
        String aTail = a.substring(1);
        String bTail = b.substring(1);
        if (fa == fb) {
            sameLength(aTail, bTail, prefix + "\"" + fa + "\" ", out);
            return;
        }
        boolean fromZero = aTail.chars().allMatch(c -> c == '0');
        boolean toNines = bTail.chars().allMatch(c -> c == '9');
        char fullFrom = fromZero ? fa : (char) (fa + 1);
        char fullTo = toNines ? fb : (char) (fb - 1);
        if (!fromZero) {
            sameLength(aTail, "9".repeat(rest), prefix + "\"" + fa + "\" ", out);
        }
        if (fullFrom <= fullTo) {
            out.add(prefix + digitRange(fullFrom, fullTo) + " " + anyDigits(rest));
        }
        if (!toNines) {
            sameLength("0".repeat(rest), bTail, prefix + "\"" + fb + "\" ", out);
        }
    }

    private static String digitRange(char from, char to) {
        return from == to ? "\"" + from + "\"" : "[" + from + "-" + to + "]";
    }

    private static String anyDigits(int count) {
        return count == 1 ? "[0-9]" : "[0-9]{" + count + "}";
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
