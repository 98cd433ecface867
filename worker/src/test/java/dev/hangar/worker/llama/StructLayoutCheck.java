package dev.hangar.worker.llama;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks Java's struct layouts against a C compiler's reading of llama.cpp's header: every
 * {@code public static final StructLayout} of a holder class, named {@code .withName("<C struct name>")}, with its
 * members named as the C fields (padding unnamed; an unnamed struct or union member stands for C's anonymous one, a
 * named one for a nested field). It writes a C file printing {@code sizeof} the struct and {@code offsetof} and
 * {@code sizeof} each named member, compiles it with gcc against the header, runs it, and lists every difference: the
 * expected values come from the compiler.
 */
final class StructLayoutCheck {

    /** One fact about a struct: a member's (path {@code "."}: the whole struct's) offset and size in bytes. */
    record Fact(String struct, String member, long offset, long size) {
        String key() {
            return struct + " " + member;
        }
    }

    private StructLayoutCheck() {}

    /** Every public static final StructLayout the class declares. */
    static List<StructLayout> layoutsOf(Class<?> holder) throws IllegalAccessException {
        List<StructLayout> layouts = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && StructLayout.class.isAssignableFrom(field.getType())) {
                if (!Modifier.isPublic(modifiers) || !Modifier.isFinal(modifiers)) {
                    throw new IllegalStateException(field + " should be public static final");
                }
                layouts.add((StructLayout) field.get(null));
            }
        }
        return layouts;
    }

    /** What the Java layouts say. */
    static List<Fact> javaFacts(List<StructLayout> layouts) {
        List<Fact> facts = new ArrayList<>();
        for (StructLayout layout : layouts) {
            String struct = layout.name()
                    .orElseThrow(
                            () -> new IllegalStateException(layout + " has no name: .withName(\"<C struct name>\")"));
            facts.add(new Fact(struct, ".", 0, layout.byteSize()));
            members(struct, layout, "", 0, facts);
        }
        return facts;
    }

    private static void members(String struct, GroupLayout group, String prefix, long base, List<Fact> facts) {
        long offset = base;
        for (MemoryLayout member : group.memberLayouts()) {
            long at = group instanceof UnionLayout ? base : offset;
            String path = member.name().map(name -> prefix + name).orElse(null);
            if (path != null) {
                facts.add(new Fact(struct, path, at, member.byteSize()));
            }
            if (member instanceof GroupLayout nested) {
                members(struct, nested, path == null ? prefix : path + ".", at, facts);
            }
            offset += member.byteSize();
        }
    }

    /** The C program printing the compiler's facts for the same structs and members. */
    static String program(List<Fact> javaFacts) {
        StringBuilder c = new StringBuilder("""
                #include <stddef.h>
                #include <stdio.h>
                #include "llama.h"
                #define FACT(s, m) printf("%s %s %zu %zu\\n", #s, #m, offsetof(struct s, m), sizeof(((struct s *)0)->m))
                int main(void) {
                """);
        for (Fact fact : javaFacts) {
            c.append(
                    fact.member().equals(".")
                            ? "    printf(\"%s . 0 %zu\\n\", \"" + fact.struct() + "\", sizeof(struct " + fact.struct()
                                    + "));\n"
                            : "    FACT(" + fact.struct() + ", " + fact.member() + ");\n");
        }
        return c.append("    return 0;\n}\n").toString();
    }

    /** Compiles and runs {@link #program} in {@code workDir} against the header source; the compiler's facts. */
    static Map<String, Fact> compilerFacts(List<Fact> javaFacts, Path source, Path workDir)
            throws IOException, InterruptedException {
        Path program = Files.writeString(workDir.resolve("layouts.c"), program(javaFacts));
        LlamaHeader.run(
                workDir,
                "gcc",
                "-std=gnu11",
                "-I",
                source.resolve("include").toString(),
                "-I",
                source.resolve("ggml/include").toString(),
                "-o",
                workDir.resolve("layouts").toString(),
                program.toString());
        Map<String, Fact> facts = new LinkedHashMap<>();
        for (String line : LlamaHeader.run(workDir, workDir.resolve("layouts").toString())
                .lines()
                .toList()) {
            String[] words = line.split(" ");
            Fact fact = new Fact(words[0], words[1], Long.parseLong(words[2]), Long.parseLong(words[3]));
            facts.put(fact.key(), fact);
        }
        return facts;
    }

    /** Every difference between the holder's layouts and the compiler's reading of the header, one line each. */
    static List<String> mismatches(Class<?> holder, Path source, Path workDir)
            throws IOException, InterruptedException, IllegalAccessException {
        List<Fact> java = javaFacts(layoutsOf(holder));
        Map<String, Fact> c = compilerFacts(java, source, workDir);
        List<String> mismatches = new ArrayList<>();
        for (Fact fact : java) {
            Fact expected = c.get(fact.key());
            if (expected == null) {
                mismatches.add(fact.key() + ": the compiler printed nothing");
            } else if (fact.member().equals(".") && expected.size() != fact.size()) {
                mismatches.add("sizeof(struct " + fact.struct() + ") is " + expected.size() + " in the header, "
                        + fact.size() + " in Java");
            } else if (!expected.equals(fact)) {
                mismatches.add(fact.struct() + "." + fact.member() + ": offset " + expected.offset() + " size "
                        + expected.size() + " in the header, offset " + fact.offset() + " size " + fact.size()
                        + " in Java");
            }
        }
        return mismatches;
    }
}
