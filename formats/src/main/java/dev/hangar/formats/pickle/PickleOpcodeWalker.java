package dev.hangar.formats.pickle;

import dev.hangar.formats.InvalidModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks one pickle's opcodes, protocols 0 to 5 (the table in CPython's {@code Lib/pickletools.py}), without executing
 * anything. It keeps a symbolic stack, mark stack and memo just precise enough to resolve STACK_GLOBAL's module and
 * name strings, flags every import outside the {@link GlobalPolicy} allow list and every REDUCE, OBJ, NEWOBJ or
 * NEWOBJ_EX that calls one. Stack underflow, unknown opcodes and impossible lengths fail as a real unpickler would, but
 * as {@link InvalidModelFile}; depth and memo size are capped so a hostile stream costs bounded memory.
 */
final class PickleOpcodeWalker {
    static final int MAX_STACK_DEPTH = 1_000_000;
    static final int MAX_MEMO_ENTRIES = 1_000_000;
    static final int HIGHEST_PROTOCOL = 5;

    /** Module and attribute names are short; longer strings are skipped rather than kept. */
    static final int MAX_KEPT_STRING_BYTES = 1024;

    private final PickleInput in;
    private final ScanLog log;
    private final List<Symbol> stack = new ArrayList<>();
    /** The stack size at each open MARK; nothing below the innermost one may be popped except by a *_MARK opcode. */
    private final Deque<Integer> marks = new ArrayDeque<>();

    private final Map<Long, Symbol> memo = new HashMap<>();

    PickleOpcodeWalker(PickleInput in, ScanLog log) {
        this.in = in;
        this.log = log;
    }

    /** Walks from the current position to the pickle's STOP opcode. */
    void walk() throws IOException {
        while (true) {
            long offset = in.position();
            int opcode = in.u8();
            if (opcode == '.') {
                pop(offset, "STOP");
                return;
            }
            step(opcode, offset);
        }
    }

    private void step(int opcode, long offset) throws IOException {
        switch (opcode) {
            case '(' -> mark(offset);
            case '0' -> popOrMark(offset);
            case '1' -> popToMark(offset, "POP_MARK");
            case '2' -> push(top(offset, "DUP"), offset);
            case 'F', 'I', 'L', 'P' -> {
                in.line(offset);
                push(Symbol.Opaque.VALUE, offset);
            }
            case 'K' -> opaqueAfterFixed(1, offset);
            case 'M' -> opaqueAfterFixed(2, offset);
            case 'J' -> opaqueAfterFixed(4, offset);
            case 'G' -> opaqueAfterFixed(8, offset);
            case 'N', 0x88, 0x89, ')', ']', '}', 0x8f, 0x97 -> push(Symbol.Opaque.VALUE, offset);
            case 'S' -> push(quotedString(in.line(offset)), offset);
            case 'V' -> push(rawUnicode(in.line(offset)), offset);
            case 'T' -> push(string(signedLength(offset, "BINSTRING"), offset, "BINSTRING", false), offset);
            case 'U' -> push(string(in.u8(), offset, "SHORT_BINSTRING", false), offset);
            case 'X' -> push(string(in.littleEndian(4), offset, "BINUNICODE", true), offset);
            case 0x8c -> push(string(in.u8(), offset, "SHORT_BINUNICODE", true), offset);
            case 0x8d -> push(string(in.littleEndian(8), offset, "BINUNICODE8", true), offset);
            case 'B' -> skipThenPush(in.littleEndian(4), offset, "BINBYTES");
            case 'C' -> skipThenPush(in.u8(), offset, "SHORT_BINBYTES");
            case 0x8e -> skipThenPush(in.littleEndian(8), offset, "BINBYTES8");
            case 0x96 -> skipThenPush(in.littleEndian(8), offset, "BYTEARRAY8");
            case 0x8a -> skipThenPush(in.u8(), offset, "LONG1");
            case 0x8b -> skipThenPush(signedLength(offset, "LONG4"), offset, "LONG4");
            case 'Q' -> replaceTop(offset, "BINPERSID");
            case 0x98 -> top(offset, "READONLY_BUFFER");
            case 'R' -> call(offset, "REDUCE", 1);
            case 0x81 -> call(offset, "NEWOBJ", 1);
            case 0x92 -> call(offset, "NEWOBJ_EX", 2);
            case 'o' -> instantiateFromMark(offset);
            case 'b', 'a' -> popIntoTop(offset, opcode == 'b' ? "BUILD" : "APPEND", 1);
            case 's' -> popIntoTop(offset, "SETITEM", 2);
            case 'e', 'u', 0x90 -> {
                popToMark(offset, "APPENDS, SETITEMS or ADDITEMS");
                top(offset, "APPENDS, SETITEMS or ADDITEMS");
            }
            case 'd', 'l', 't', 0x91 -> {
                popToMark(offset, "DICT, LIST, TUPLE or FROZENSET");
                push(Symbol.Opaque.VALUE, offset);
            }
            case 0x85 -> tupleOf(1, offset);
            case 0x86 -> tupleOf(2, offset);
            case 0x87 -> tupleOf(3, offset);
            case 'c' -> push(importGlobal(in.line(offset), in.line(offset), offset, "GLOBAL"), offset);
            case 'i' -> instantiateInst(offset);
            case 0x93 -> stackGlobal(offset);
            case 0x82 -> push(extension(in.u8(), offset, "EXT1"), offset);
            case 0x83 -> push(extension(in.littleEndian(2), offset, "EXT2"), offset);
            case 0x84 -> push(extension(in.littleEndian(4), offset, "EXT4"), offset);
            case 'g' -> push(memoGet(decimal(in.line(offset), offset, "GET"), offset), offset);
            case 'h' -> push(memoGet(in.u8(), offset), offset);
            case 'j' -> push(memoGet(in.littleEndian(4), offset), offset);
            case 'p' -> memoPut(decimal(in.line(offset), offset, "PUT"), offset);
            case 'q' -> memoPut(in.u8(), offset);
            case 'r' -> memoPut(in.littleEndian(4), offset);
            case 0x94 -> memoPut(memo.size(), offset);
            case 0x80 -> protocol(offset);
            case 0x95 -> in.checkedLength(in.littleEndian(8), offset, "FRAME");
            default -> throw invalid(offset, "unknown opcode 0x%02x".formatted(opcode));
        }
    }

    private Symbol importGlobal(String module, String name, long offset, String opcode) {
        String qualified = module + "." + name;
        log.sawGlobal(qualified);
        Optional<PickleFinding.Kind> flagged = GlobalPolicy.classify(module, name);
        flagged.ifPresent(kind -> log.flag(kind, qualified, in.source(), offset, opcode));
        return new Symbol.Global(qualified, flagged);
    }

    private void stackGlobal(long offset) {
        Symbol name = pop(offset, "STACK_GLOBAL");
        Symbol module = pop(offset, "STACK_GLOBAL");
        if (module instanceof Symbol.Text(String moduleName) && name instanceof Symbol.Text(String attribute)) {
            push(importGlobal(moduleName, attribute, offset, "STACK_GLOBAL"), offset);
            return;
        }
        String described = describe(module) + "." + describe(name);
        log.flag(PickleFinding.Kind.UNRESOLVED_GLOBAL, described, in.source(), offset, "STACK_GLOBAL");
        push(new Symbol.Global(described, Optional.of(PickleFinding.Kind.UNRESOLVED_GLOBAL)), offset);
    }

    private Symbol extension(long code, long offset, String opcode) {
        String described = "extension code " + code;
        log.flag(PickleFinding.Kind.EXTENSION_CODE, described, in.source(), offset, opcode);
        return new Symbol.Global(described, Optional.of(PickleFinding.Kind.EXTENSION_CODE));
    }

    /** REDUCE, NEWOBJ, NEWOBJ_EX: the callable or class sits below {@code arguments} stack items. */
    private void call(long offset, String opcode, int arguments) {
        for (int i = 0; i < arguments; i++) {
            pop(offset, opcode);
        }
        flagCall(pop(offset, opcode), offset, opcode);
        push(Symbol.Opaque.VALUE, offset);
    }

    private void instantiateFromMark(long offset) {
        List<Symbol> items = popToMark(offset, "OBJ");
        if (items.isEmpty()) {
            throw invalid(offset, "OBJ has no class to instantiate");
        }
        flagCall(items.getFirst(), offset, "OBJ");
        push(Symbol.Opaque.VALUE, offset);
    }

    /** INST imports and instantiates in one opcode, so its import finding already names the call. */
    private void instantiateInst(long offset) throws IOException {
        String module = in.line(offset);
        String name = in.line(offset);
        popToMark(offset, "INST");
        importGlobal(module, name, offset, "INST");
        push(Symbol.Opaque.VALUE, offset);
    }

    private void flagCall(Symbol callable, long offset, String opcode) {
        if (callable instanceof Symbol.Global(String name, Optional<PickleFinding.Kind> flagged)
                && flagged.isPresent()) {
            log.flag(flagged.get(), name, in.source(), offset, opcode);
        }
    }

    private Symbol string(long length, long offset, String opcode, boolean utf8) throws IOException {
        in.checkedLength(length, offset, opcode);
        if (length > MAX_KEPT_STRING_BYTES) {
            in.skip(length);
            return Symbol.Opaque.VALUE;
        }
        byte[] bytes = in.bytes((int) length);
        return new Symbol.Text(new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    /** Protocol 0 STRING is a Python repr; only an escape-free one is kept, the rest need not resolve. */
    private Symbol quotedString(String repr) {
        boolean quoted = repr.length() >= 2
                && (repr.charAt(0) == '\'' || repr.charAt(0) == '"')
                && repr.charAt(repr.length() - 1) == repr.charAt(0);
        if (!quoted) {
            throw invalid(in.position(), "STRING argument is not a quoted string");
        }
        String inner = repr.substring(1, repr.length() - 1);
        return inner.indexOf('\\') < 0 ? new Symbol.Text(inner) : Symbol.Opaque.VALUE;
    }

    /** Protocol 0 UNICODE is raw-unicode-escape encoded; without a backslash that is the text itself. */
    private static Symbol rawUnicode(String line) {
        return line.indexOf('\\') < 0 ? new Symbol.Text(line) : Symbol.Opaque.VALUE;
    }

    private long signedLength(long offset, String opcode) throws IOException {
        long length = (int) in.littleEndian(4);
        if (length < 0) {
            throw invalid(offset, opcode + " has a negative length " + length);
        }
        return length;
    }

    private void skipThenPush(long length, long offset, String opcode) throws IOException {
        in.skip(in.checkedLength(length, offset, opcode));
        push(Symbol.Opaque.VALUE, offset);
    }

    private void opaqueAfterFixed(int width, long offset) throws IOException {
        in.skip(width);
        push(Symbol.Opaque.VALUE, offset);
    }

    private void protocol(long offset) throws IOException {
        int version = in.u8();
        if (version > HIGHEST_PROTOCOL) {
            throw invalid(offset, "unsupported pickle protocol " + version);
        }
    }

    private long decimal(String line, long offset, String opcode) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException notANumber) {
            throw invalid(offset, opcode + " argument is not a decimal index");
        }
    }

    private Symbol memoGet(long key, long offset) {
        Symbol value = memo.get(key);
        if (value == null) {
            throw invalid(offset, "memo index " + key + " was never stored");
        }
        return value;
    }

    private void memoPut(long key, long offset) {
        if (memo.size() >= MAX_MEMO_ENTRIES && !memo.containsKey(key)) {
            throw invalid(offset, "memo holds more than " + MAX_MEMO_ENTRIES + " entries");
        }
        memo.put(key, top(offset, "PUT"));
    }

    private void tupleOf(int size, long offset) {
        for (int i = 0; i < size; i++) {
            pop(offset, "TUPLE" + size);
        }
        push(Symbol.Opaque.VALUE, offset);
    }

    private void replaceTop(long offset, String opcode) {
        pop(offset, opcode);
        push(Symbol.Opaque.VALUE, offset);
    }

    /** BUILD, APPEND, SETITEM: pop the operands, and the object they go into must remain. */
    private void popIntoTop(long offset, String opcode, int operands) {
        for (int i = 0; i < operands; i++) {
            pop(offset, opcode);
        }
        top(offset, opcode);
    }

    private void mark(long offset) {
        checkDepth(offset);
        marks.push(stack.size());
    }

    /** POP with nothing above the innermost mark discards the mark, as pickle.py's load_pop does. */
    private void popOrMark(long offset) {
        if (stack.size() > fence()) {
            stack.removeLast();
        } else if (!marks.isEmpty()) {
            marks.pop();
        } else {
            throw invalid(offset, "POP on an empty stack");
        }
    }

    private List<Symbol> popToMark(long offset, String opcode) {
        if (marks.isEmpty()) {
            throw invalid(offset, opcode + " without a MARK");
        }
        List<Symbol> above = stack.subList(marks.pop(), stack.size());
        List<Symbol> items = List.copyOf(above);
        above.clear();
        return items;
    }

    private void push(Symbol symbol, long offset) {
        checkDepth(offset);
        stack.add(symbol);
    }

    private Symbol pop(long offset, String opcode) {
        top(offset, opcode);
        return stack.removeLast();
    }

    private Symbol top(long offset, String opcode) {
        if (stack.size() <= fence()) {
            throw invalid(offset, opcode + " needs more values than the stack holds");
        }
        return stack.getLast();
    }

    private int fence() {
        return marks.isEmpty() ? 0 : marks.peek();
    }

    private void checkDepth(long offset) {
        if (stack.size() + marks.size() >= MAX_STACK_DEPTH) {
            throw invalid(offset, "stack deeper than " + MAX_STACK_DEPTH + " entries");
        }
    }

    private static String describe(Symbol symbol) {
        return symbol instanceof Symbol.Text(String text) ? text : "<computed>";
    }

    private InvalidModelFile invalid(long offset, String problem) {
        return in.invalid(offset, problem);
    }
}
