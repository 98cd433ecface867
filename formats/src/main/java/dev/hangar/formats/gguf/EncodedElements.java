package dev.hangar.formats.gguf;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The elements of a metadata array read from a file, left encoded in the header bytes and decoded one by one on
 * access: a vocabulary holds hundreds of thousands of strings that most readers only count. The reader has checked
 * every length before making one, so decoding cannot fail. Immutable; equal to any list of the same values.
 */
abstract sealed class EncodedElements extends AbstractList<GgufValue> implements RandomAccess
        permits EncodedScalars, EncodedStrings {
    private final GgufValueType elementType;
    private final int size;

    EncodedElements(GgufValueType elementType, int size) {
        this.elementType = elementType;
        this.size = size;
    }

    final GgufValueType elementType() {
        return elementType;
    }

    @Override
    public final int size() {
        return size;
    }
}
