package dev.hangar.server.registry;

import dev.hangar.server.home.HangarHome;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Uploaded models' files, under {@code $HANGAR_HOME/models/<model id>/}. Uploads are resumable:
 * a client sends the bytes from the offset the server already has, so a dropped connection costs
 * only the bytes in flight.
 */
@Component
class ModelStore {

    /** Relative file names with directories, e.g. {@code model.safetensors} or {@code tokenizer/vocab.json}. */
    private static final Pattern FILE_NAME =
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_][A-Za-z0-9._-]{0,199}){0,7}");

    private static final int BUFFER = 1 << 20;

    private final Path root;
    /** One upload at a time per model: the offset check and the append must not interleave. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    ModelStore(HangarHome home) {
        this.root = home.modelsDirectory();
    }

    Path root() {
        return root;
    }

    Path directory(String modelId) {
        return root.resolve(modelId);
    }

    /** Bytes of {@code name} received so far (0 when none). */
    long received(String modelId, String name) {
        Path file = file(modelId, name);
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Appends a body to {@code name} starting at {@code offset}, which must equal what the store
     * already has (409 with the right offset otherwise). Refuses a declared length the disk cannot take.
     */
    long write(String modelId, String name, long offset, long declaredLength, InputStream body) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(modelId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException("Another upload to this model is in progress; send one file at a time.", null);
        }
        try {
            return append(modelId, name, offset, declaredLength, body);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} while no upload to the model is in progress, or answers 409. */
    <T> T whileNotUploading(String modelId, java.util.function.Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(modelId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException("An upload to this model is still in progress; wait for it to finish.", null);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private long append(String modelId, String name, long offset, long declaredLength, InputStream body)
            throws IOException {
        try {
            return appendChecked(modelId, name, offset, declaredLength, body);
        } catch (java.nio.file.FileSystemException e) {
            throw new ConflictException(
                    "'" + name + "' clashes with a file or directory already uploaded (" + e.getReason() + ").", null);
        }
    }

    private long appendChecked(String modelId, String name, long offset, long declaredLength, InputStream body)
            throws IOException {
        Path file = file(modelId, name);
        Files.createDirectories(file.getParent());
        long have = received(modelId, name);
        if (offset != have) {
            throw new ConflictException(
                    "The store has " + have + " bytes of '" + name + "'; send the rest from offset=" + have + ".",
                    null);
        }
        long free = Files.getFileStore(root).getUsableSpace();
        if (declaredLength > 0 && declaredLength > free) {
            throw new ApiException(
                    ProblemType.INSUFFICIENT_STORAGE,
                    "'" + name + "' needs " + declaredLength + " bytes but only " + free + " are free under " + root
                            + ".");
        }
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            return out.size();
        }
    }

    void delete(String modelId) throws IOException {
        locks.remove(modelId);
        Path directory = directory(modelId);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private Path file(String modelId, String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw ApiException.invalidField(
                    "name",
                    "'" + name
                            + "' is not a file name an upload may use (letters, digits, '.', '_', '-', and '/' between parts)");
        }
        return directory(modelId).resolve(name);
    }
}
