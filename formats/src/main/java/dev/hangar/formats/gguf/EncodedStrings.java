package dev.hangar.formats.gguf;

import java.util.Objects;

/**
 * Array elements of type STRING, each stored as its length and UTF-8 bytes, decoded on access. Strings differ in
 * length, so the position of every {@link #STRIDE}th one is kept: finding any string skips at most {@code STRIDE - 1}
 * lengths, for half a byte of index per string instead of the eight a full table would take.
 */
final class EncodedStrings extends EncodedElements {
    static final int STRIDE = 16;

    private final HeaderBytes bytes;
    private final long[] strideStarts;

    /**
     * @param strideStarts where strings {@code 0, STRIDE, 2 * STRIDE, ...} lie in the file; {@code bytes} must hold
     *     all {@code size} of them, lengths checked
     */
    EncodedStrings(HeaderBytes bytes, long[] strideStarts, int size) {
        super(GgufValueType.STRING, size);
        if (strideStarts.length != (size + STRIDE - 1) / STRIDE) {
            throw new IllegalArgumentException(
                    strideStarts.length + " stride starts do not index " + size + " strings");
        }
        this.bytes = bytes;
        this.strideStarts = strideStarts;
    }

    @Override
    public GgufValue get(int index) {
        long at = strideStarts[Objects.checkIndex(index, size()) / STRIDE];
        for (int skipped = index % STRIDE; skipped > 0; skipped--) {
            at += Long.BYTES + bytes.i64(at);
        }
        return new GgufValue.Str(bytes.utf8(at + Long.BYTES, (int) bytes.i64(at)));
    }
}
