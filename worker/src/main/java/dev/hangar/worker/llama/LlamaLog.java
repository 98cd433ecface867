package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * llama.cpp's and ggml's log, routed here: warnings and errors go to stderr (prefixed {@code llama.cpp:}), the rest
 * (load steps, timings) is dropped. The latest errors a thread's calls logged are kept, so a failed call's exception can
 * carry llama.cpp's own reason.
 */
final class LlamaLog {
    private static final int LEVEL_WARN = 3;
    private static final int LEVEL_ERROR = 4;
    private static final int LEVEL_CONT = 5;

    /** How many of a thread's latest error lines a failure reports. */
    private static final int ERRORS_KEPT = 4;

    private static final ThreadLocal<Deque<String>> ERRORS = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<Boolean> CONTINUING_KEPT = ThreadLocal.withInitial(() -> false);

    private LlamaLog() {}

    /** Installs the filter; the upcall stub lives as long as the process. */
    static void install(LlamaFunctions functions, Linker linker) {
        try {
            var target = MethodHandles.lookup()
                    .findStatic(
                            LlamaLog.class,
                            "log",
                            MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub =
                    linker.upcallStub(target, FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            functions.logSet(stub, MemorySegment.NULL);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The errors logged on this thread since the last take (the latest few, oldest first); null when none. */
    static String takeErrors() {
        Deque<String> errors = ERRORS.get();
        if (errors.isEmpty()) {
            return null;
        }
        String joined = String.join("; ", errors);
        errors.clear();
        return joined;
    }

    private static void log(int level, MemorySegment text, MemorySegment userData) {
        String message = text.reinterpret(Long.MAX_VALUE).getString(0);
        boolean keep = level == LEVEL_WARN || level == LEVEL_ERROR || (level == LEVEL_CONT && CONTINUING_KEPT.get());
        if (level != LEVEL_CONT) {
            CONTINUING_KEPT.set(keep);
        }
        if (level == LEVEL_ERROR) {
            Deque<String> errors = ERRORS.get();
            if (errors.size() == ERRORS_KEPT) {
                errors.removeFirst();
            }
            errors.addLast(message.strip());
        }
        if (keep) {
            System.err.print("llama.cpp: " + message);
        }
    }
}
