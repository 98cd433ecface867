package dev.hangar.formats.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-assembles pickle opcode streams for tests, one opcode per method, named as in pickletools. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes proto(int version) {
        return op(0x80).raw(version);
    }

    PickleBytes global(String module, String name) {
        return op('c').text(module + "\n" + name + "\n");
    }

    PickleBytes inst(String module, String name) {
        return op('i').text(module + "\n" + name + "\n");
    }

    PickleBytes shortBinUnicode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        op(0x8c).raw(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes binUnicode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        op('X').le(bytes.length, 4);
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes string(String repr) {
        return op('S').text(repr + "\n");
    }

    PickleBytes binInt1(int value) {
        return op('K').raw(value);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes le(long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    PickleBytes raw(int value) {
        out.write(value);
        return this;
    }

    PickleBytes text(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes memoize() {
        return op(0x94);
    }

    PickleBytes binGet(int index) {
        return op('h').raw(index);
    }

    PickleBytes binPut(int index) {
        return op('q').raw(index);
    }

    PickleBytes stackGlobal() {
        return op(0x93);
    }

    PickleBytes stop() {
        return op('.');
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
