package dev.hangar.server.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Wraps a server's DataSource so that a database connection asked for on one of the edge's event
 * loops (Netty's {@code edge-<pool>-<n>} threads) fails there, and is recorded with its stack, for a
 * test to assert that none was. Also records which other threads used the database, to show the
 * test drove traffic that needed it.
 */
public final class EventLoopJdbcGuard implements BeanPostProcessor {

    private static final Pattern EVENT_LOOP = Pattern.compile("edge-\\d+-\\d+");

    /** A connection asked for on an event loop: the thread, and where. */
    public record Violation(String thread, String stack) {}

    private final List<Violation> violations = new CopyOnWriteArrayList<>();
    private final List<String> otherThreads = new CopyOnWriteArrayList<>();

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** The names of the threads, not event loops, that took a connection (each once). */
    public List<String> otherThreads() {
        return otherThreads.stream().distinct().toList();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || bean instanceof Guarded) {
            return bean;
        }
        return new Guarded(dataSource);
    }

    private void check() throws SQLException {
        String thread = Thread.currentThread().getName();
        if (!EVENT_LOOP.matcher(thread).matches()) {
            if (!otherThreads.contains(thread)) {
                otherThreads.add(thread);
            }
            return;
        }
        SQLException refusal = new SQLException("a database connection was asked for on event loop " + thread);
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : refusal.getStackTrace()) {
            stack.append("\n\tat ").append(frame);
        }
        violations.add(new Violation(thread, stack.toString()));
        throw refusal;
    }

    /** The server's DataSource, checked; closed with the server as the one it wraps. */
    private final class Guarded extends DelegatingDataSource implements AutoCloseable {

        Guarded(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            check();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            check();
            return super.getConnection(username, password);
        }

        @Override
        public void close() throws Exception {
            if (obtainTargetDataSource() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
