package dev.hangar.server.auth;

import java.util.function.BiConsumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What users own in one feature's table (endpoints, models, datasets: rows with an {@code owner_id}),
 * as deleting a user needs it: handed to another user, or deleted one by one through the feature's
 * own delete (which stops what runs). Each feature extends it; {@link UserDeletion} runs them in
 * their {@code @Order} (endpoints before the models they serve).
 */
public abstract class UserResources {

    private final JdbcClient jdbc;
    private final String table;
    private final BiConsumer<AuthenticatedUser, String> delete;

    /**
     * {@code table} is a constant of the subclass, never input; {@code delete} deletes one row by id
     * the way an admin's DELETE request would.
     */
    protected UserResources(JdbcClient jdbc, String table, BiConsumer<AuthenticatedUser, String> delete) {
        this.jdbc = jdbc;
        this.table = table;
        this.delete = delete;
    }

    /** Makes {@code toUserId} the owner of everything {@code fromUserId} owns here; runs in the caller's transaction. */
    void reassign(String fromUserId, String toUserId) {
        jdbc.sql("update " + table + " set owner_id = ? where owner_id = ?")
                .params(toUserId, fromUserId)
                .update();
    }

    /** Deletes everything {@code ownerId} owns here. */
    void deleteAll(AuthenticatedUser admin, String ownerId) {
        jdbc.sql("select id from " + table + " where owner_id = ?")
                .param(ownerId)
                .query(String.class)
                .list()
                .forEach(id -> delete.accept(admin, id));
    }
}
