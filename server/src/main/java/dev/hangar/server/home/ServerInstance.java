package dev.hangar.server.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The one server of a HANGAR_HOME. It holds a file lock on {@code server.lock} while it runs (the
 * operating system lets go of it when the process ends, even by {@code kill -9}, so a crashed
 * server never blocks the next), and once it is ready it writes where it answers to
 * {@code server.url} ({@link RecordedServer}) for the CLI, removed again at a clean exit.
 */
public final class ServerInstance implements ApplicationListener<ApplicationEvent> {

    static final String LOCK_FILE = "server.lock";

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean tls;

    private ServerInstance(Path home, FileChannel channel, FileLock lock, boolean tls) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
        this.tls = tls;
    }

    /**
     * Takes HANGAR_HOME for this process, creating it when needed.
     *
     * @param tls whether the server answers HTTPS (HANGAR_TLS_CERT), for the URL it writes
     * @throws AlreadyRunning when another live process holds it
     */
    public static ServerInstance claim(Path home, boolean tls) {
        Path root = home.toAbsolutePath().normalize();
        HangarHome.createPrivateDirectory(root);
        Path file = root.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyRunning(root, channel);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new ServerInstance(root, channel, lock, tls);
        } catch (OverlappingFileLockException e) {
            throw alreadyRunning(root, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupProblem(
                    "Cannot lock " + file + ": " + e.getMessage(),
                    "Set HANGAR_HOME to a directory this user may write, or fix its permissions.");
        }
    }

    private static AlreadyRunning alreadyRunning(Path root, FileChannel channel) {
        Optional<RecordedServer> running = RecordedServer.of(root);
        String pid = running.map(server -> String.valueOf(server.pid())).orElseGet(() -> lockHolder(channel));
        closeQuietly(channel);
        return new AlreadyRunning(root, pid, running.map(RecordedServer::url));
    }

    /** The pid the lock's holder wrote into the lock file, or "?" while it has not yet. */
    private static String lockHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "?" : pid;
        } catch (IOException e) {
            return "?";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // only a read was made; nothing is lost
        }
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent ready
                && ready.getApplicationContext() instanceof WebServerApplicationContext web) {
            String address = ready.getApplicationContext().getEnvironment().getProperty("server.address", "");
            new RecordedServer(
                            ProcessHandle.current().pid(),
                            RecordedServer.url(tls, address, web.getWebServer().getPort()))
                    .writeTo(home);
        } else if (event instanceof ContextClosedEvent) {
            release();
        }
    }

    /** Removes {@code server.url} and lets go of HANGAR_HOME. */
    void release() {
        try {
            Files.deleteIfExists(RecordedServer.file(home));
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + home.resolve(LOCK_FILE), e);
        }
    }

    /** Another server holds this HANGAR_HOME; the message is the one line to print. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning(Path home, String pid, Optional<String> url) {
            super("a Hangar already runs on " + home + " (pid " + pid
                    + url.map(u -> ", " + u).orElse(", starting")
                    + "); stop it first, or set HANGAR_HOME to another directory to run a second one");
        }
    }
}
