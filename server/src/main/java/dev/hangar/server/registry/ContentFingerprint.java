package dev.hangar.server.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A cheap fingerprint of a model's or dataset's files that notices a changed or replaced file: per file its
 * name, size, modification time and a SHA-256 of its first and last MiB. Reads at most 2 MiB a
 * file, so a 100 GB model is fingerprinted in milliseconds; the full SHA-256 is computed
 * separately, after the model is ready.
 */
public final class ContentFingerprint {

    private static final int EDGE = 1 << 20;

    private ContentFingerprint() {}

    public static String of(Path root, List<Path> files) throws IOException {
        MessageDigest digest = sha256();
        for (Path file : files) {
            String name = Files.isDirectory(root)
                    ? root.relativize(file).toString()
                    : file.getFileName().toString();
            long size = Files.size(file);
            digest.update(
                    (name + "\0" + size + "\0" + Files.getLastModifiedTime(file).toMillis() + "\0")
                            .getBytes(StandardCharsets.UTF_8));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                update(digest, channel, 0, Math.min(EDGE, size));
                if (size > EDGE) {
                    long tail = Math.max(EDGE, size - EDGE);
                    update(digest, channel, tail, size - tail);
                }
            }
        }
        return "v1:" + HexFormat.of().formatHex(digest.digest());
    }

    /** The full SHA-256 of one file, as HF and users quote it. */
    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            update(digest, channel, 0, channel.size());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, FileChannel channel, long from, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(EDGE, Math.max(length, 1)));
        long position = from;
        long end = from + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new IOException("file shrank while it was read");
            }
            buffer.flip();
            digest.update(buffer);
            position += read;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
