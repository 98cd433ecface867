package dev.hangar.formats.pickle;

import dev.hangar.formats.InvalidModelFile;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Decides whether a pickle-based checkpoint ({@code .bin}, {@code .pt}, {@code .pth}, {@code .ckpt}) is safe to load by
 * reading its opcodes, never unpickling. Handles PyTorch's zip layout ({@code <dir>/data.pkl} plus raw
 * {@code <dir>/data/N} storages; every {@code .pkl} entry is scanned) and bare pickles, including legacy
 * {@code torch.save} files whose five leading pickles are followed by raw storage bytes.
 */
public final class PickleScanner {
    /** A 70B model's data.pkl is well under 10 MB; this bounds what inflating a hostile entry can cost. */
    public static final long MAX_PICKLE_BYTES = 64L << 20;

    public static final int MAX_ZIP_ENTRIES = 100_000;

    /** torch.save before 1.6: magic number, protocol version, sys info, the object, storage keys, then raw data. */
    static final int LEGACY_TORCH_PICKLES = 5;

    /** Protocol 2 LONG1 of torch's legacy MAGIC_NUMBER 0x1950a86a20f9469cfc6c, then STOP. */
    private static final byte[] LEGACY_TORCH_MAGIC = {
        (byte) 0x80,
        0x02,
        (byte) 0x8a,
        0x0a,
        0x6c,
        (byte) 0xfc,
        (byte) 0x9c,
        0x46,
        (byte) 0xf9,
        0x20,
        0x6a,
        (byte) 0xa8,
        0x50,
        0x19,
        0x2e
    };

    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    private PickleScanner() {}

    /**
     * @throws InvalidModelFile if the file is not a well-formed pickle or PyTorch zip, or breaks a size limit
     */
    public static PickleScanResult scan(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(LEGACY_TORCH_MAGIC.length);
        }
        if (startsWith(head, ZIP_LOCAL_HEADER) || startsWith(head, ZIP_EMPTY_ARCHIVE)) {
            return scanZip(file);
        }
        return scanBarePickles(file, startsWith(head, LEGACY_TORCH_MAGIC));
    }

    private static PickleScanResult scanBarePickles(Path file, boolean legacyTorch) throws IOException {
        ScanLog log = new ScanLog();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            PickleInput input = new PickleInput(in, Files.size(file), "pickle " + file.getFileName(), log);
            int pickles = 0;
            // A loader reads pickle after pickle; a legacy torch file has raw storage bytes after its fifth.
            do {
                new PickleOpcodeWalker(input, log).walk();
                pickles++;
            } while (!input.atEnd() && !(legacyTorch && pickles == LEGACY_TORCH_PICKLES));
        }
        return log.result();
    }

    private static PickleScanResult scanZip(Path file) throws IOException {
        String where = "zip archive " + file.getFileName();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ZIP_ENTRIES) {
                throw new InvalidModelFile(
                        "archive has " + zip.size() + " entries, more than the limit of " + MAX_ZIP_ENTRIES, where);
            }
            List<ZipEntry> pickles = pickleEntries(zip, where);
            ScanLog log = new ScanLog();
            for (ZipEntry entry : pickles) {
                scanEntry(zip, entry, log);
            }
            return log.result();
        } catch (ZipException | EOFException unreadable) {
            throw new InvalidModelFile("not a readable zip archive: " + unreadable.getMessage(), where);
        }
    }

    /**
     * Every {@code .pkl} entry, refusing duplicate names: ZipFile would show only one of them, while another zip reader
     * (PyTorch's miniz) might load the other.
     */
    private static List<ZipEntry> pickleEntries(ZipFile zip, String where) {
        Set<String> names = new HashSet<>();
        List<ZipEntry> pickles = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (!names.add(entry.getName())) {
                throw new InvalidModelFile("archive holds entry '" + entry.getName() + "' twice", where);
            }
            if (!entry.isDirectory() && entry.getName().endsWith(".pkl")) {
                pickles.add(entry);
            }
        }
        boolean hasDataPickle = pickles.stream()
                .anyMatch(entry ->
                        entry.getName().equals("data.pkl") || entry.getName().endsWith("/data.pkl"));
        if (!hasDataPickle) {
            throw new InvalidModelFile("archive holds no data.pkl, so it is not a PyTorch checkpoint", where);
        }
        return pickles;
    }

    private static void scanEntry(ZipFile zip, ZipEntry entry, ScanLog log) throws IOException {
        String source = "pickle '" + entry.getName() + "'";
        long declared = entry.getSize();
        if (declared < 0 || declared > MAX_PICKLE_BYTES) {
            throw new InvalidModelFile(
                    "entry declares " + declared + " bytes, outside the limit of " + MAX_PICKLE_BYTES, source);
        }
        // Reading stops at the declared size, so an entry that inflates to more than it declares cannot cost more.
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            new PickleOpcodeWalker(new PickleInput(in, declared, source, log), log).walk();
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
