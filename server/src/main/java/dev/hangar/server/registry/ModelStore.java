package dev.hangar.server.registry;

import dev.hangar.server.core.FileTrees;
import dev.hangar.server.home.HangarHome;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.MessageCode;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Uploaded models' files, under {@code $HANGAR_HOME/models/<model id>/}. Uploads are resumable:
 * a client sends the bytes from the offset the server already has, so a dropped connection costs
 * only the bytes in flight. While bytes arrive, each chunk is checked against the disk's free space
 * less the reserve kept for the database and logs (507) and against what the owner's quota still
 * allows (413); one upload per owner at a time keeps that allowance true until the upload ends.
 */
@Component
class ModelStore {

    /** Relative file names with directories, e.g. {@code model.safetensors} or {@code tokenizer/vocab.json}. */
    private static final Pattern FILE_NAME =
            Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}(/[A-Za-z0-9_][A-Za-z0-9._-]{0,199}){0,7}");

    private static final int BUFFER = 1 << 20;

    private final Path root;
    private final long reserve;
    /** One upload at a time per model: the offset check and the append must not interleave. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** One upload at a time per owner: their remaining quota, read at the start, stays true while bytes arrive. */
    private final Map<String, ReentrantLock> owners = new ConcurrentHashMap<>();

    ModelStore(HangarHome home, HangarProperties properties) {
        this.root = home.modelsDirectory();
        this.reserve = properties.storage().reserve().toBytes();
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

    /** The bytes the given models' uploaded files take in the store. */
    long bytesOf(List<String> modelIds) throws IOException {
        long total = 0;
        for (String modelId : modelIds) {
            Path directory = directory(modelId);
            if (Files.isDirectory(directory)) {
                try (Stream<Path> walk = Files.walk(directory)) {
                    for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        total += Files.size(file);
                    }
                }
            }
        }
        return total;
    }

    /**
     * Appends a body to {@code name} of a model of {@code ownerId}, starting at {@code offset},
     * which must equal what the store already has (409 with the right offset otherwise). At most
     * {@code allowance} more bytes (asked once no other upload of the owner runs) may be written.
     */
    long write(Upload upload, long offset, long declaredLength, LongSupplier allowance, InputStream body)
            throws IOException {
        ReentrantLock owner = owners.computeIfAbsent(upload.ownerId(), id -> new ReentrantLock());
        if (!owner.tryLock()) {
            throw new ConflictException(MessageCode.UPLOAD_OWNER_BUSY.with(), null);
        }
        try {
            ReentrantLock lock = locks.computeIfAbsent(upload.modelId(), id -> new ReentrantLock());
            if (!lock.tryLock()) {
                throw new ConflictException(MessageCode.UPLOAD_MODEL_BUSY.with(), null);
            }
            try {
                return append(upload, offset, declaredLength, allowance.getAsLong(), body);
            } finally {
                lock.unlock();
            }
        } finally {
            owner.unlock();
        }
    }

    /** One file of an uploaded model, and the user whose quota it counts against. */
    record Upload(String ownerId, String modelId, String name) {}

    /** Runs {@code action} while no upload to the model is in progress, or answers 409. */
    <T> T whileNotUploading(String modelId, java.util.function.Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(modelId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException(MessageCode.UPLOAD_STILL_RUNNING.with(), null);
        }
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private long append(Upload upload, long offset, long declaredLength, long allowance, InputStream body)
            throws IOException {
        try {
            return appendChecked(upload, offset, declaredLength, allowance, body);
        } catch (java.nio.file.FileSystemException e) {
            throw new ConflictException(
                    MessageCode.UPLOAD_NAME_CLASH.with("name", upload.name(), "reason", String.valueOf(e.getReason())),
                    null);
        }
    }

    private long appendChecked(Upload upload, long offset, long declaredLength, long allowance, InputStream body)
            throws IOException {
        Path file = file(upload.modelId(), upload.name());
        Files.createDirectories(file.getParent());
        long have = received(upload.modelId(), upload.name());
        if (offset != have) {
            throw new ConflictException(MessageCode.UPLOAD_OFFSET.with("have", have, "name", upload.name()), null);
        }
        if (declaredLength > 0) {
            checkRoom(upload, declaredLength, allowance);
        }
        long written = 0;
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                // A chunked body declares no length: each chunk is checked before it is written.
                checkRoom(upload, n, allowance - written);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                written += n;
            }
            return out.size();
        }
    }

    /** Refuses {@code bytes} more past the owner's allowance (413) or into the disk's reserve (507). */
    private void checkRoom(Upload upload, long bytes, long allowance) throws IOException {
        if (bytes > allowance) {
            throw new ApiException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    MessageCode.UPLOAD_QUOTA.with("name", upload.name(), "left", Math.max(allowance, 0)));
        }
        long room = Files.getFileStore(root).getUsableSpace() - reserve;
        if (bytes > room) {
            throw new ApiException(
                    ProblemType.INSUFFICIENT_STORAGE,
                    MessageCode.UPLOAD_NO_ROOM.with(
                            "name", upload.name(), "free", Math.max(room, 0), "reserve", reserve));
        }
    }

    void delete(String modelId) throws IOException {
        locks.remove(modelId);
        FileTrees.delete(directory(modelId));
    }

    private Path file(String modelId, String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw ApiException.invalidField("name", MessageCode.UPLOAD_FILE_NAME.with("name", name));
        }
        return directory(modelId).resolve(name);
    }
}
