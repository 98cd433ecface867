package dev.hangar.server.auth;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a user together with what they own, as the admin chooses: nothing owned (else 409),
 * everything handed to another user in one transaction (a name the heir already uses is a 409 and
 * nothing changes), or everything stopped and deleted first. For the last, the user is disabled
 * before anything is deleted, so that they cannot create more meanwhile.
 */
@Service
class UserDeletion {

    /** What happens to what the deleted user owns. */
    enum Disposal {
        NONE,
        REASSIGN,
        DELETE
    }

    private static final Logger log = LoggerFactory.getLogger(UserDeletion.class);

    private final UserService users;
    private final List<UserResources> resources;
    private final TransactionTemplate transaction;

    UserDeletion(UserService users, List<UserResources> resources, TransactionTemplate transaction) {
        this.users = users;
        this.resources = resources;
        this.transaction = transaction;
    }

    void delete(AuthenticatedUser caller, String idOrName, Disposal disposal, Optional<String> heirIdOrName) {
        User user = users.get(idOrName);
        if (disposal != Disposal.REASSIGN && heirIdOrName.isPresent()) {
            throw ApiException.invalidField("to", MessageCode.USER_DELETE_TO_ONLY_REASSIGN.with());
        }
        switch (disposal) {
            case NONE -> users.delete(caller, user.id());
            case REASSIGN ->
                reassign(
                        caller,
                        user,
                        heirIdOrName.orElseThrow(
                                () -> ApiException.invalidField("to", MessageCode.USER_DELETE_TO_REQUIRED.with())));
            case DELETE -> {
                users.setDisabled(caller, user.id(), true);
                resources.forEach(owned -> owned.deleteAll(caller, user.id()));
                users.delete(caller, user.id());
                log.info("user {} deleted by {} with everything they owned", user.username(), caller.username());
            }
        }
    }

    private void reassign(AuthenticatedUser caller, User user, String heirIdOrName) {
        User heir = users.get(heirIdOrName);
        if (heir.id().equals(user.id())) {
            throw ApiException.invalidField("to", MessageCode.USER_DELETE_TO_SELF.with());
        }
        try {
            transaction.executeWithoutResult(status -> {
                resources.forEach(owned -> owned.reassign(user.id(), heir.id()));
                users.delete(caller, user.id());
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException(
                    MessageCode.USER_DELETE_NAME_CLASH.with("heir", heir.username(), "user", user.username()), null);
        }
        log.info(
                "user {} deleted by {}; what they owned now belongs to {}",
                user.username(),
                caller.username(),
                heir.username());
    }

    /** Parses the {@code resources} parameter. */
    static Disposal disposal(String value) {
        return switch (value) {
            case "none" -> Disposal.NONE;
            case "reassign" -> Disposal.REASSIGN;
            case "delete" -> Disposal.DELETE;
            default -> throw ApiException.invalidField("resources", MessageCode.USER_DELETE_RESOURCES.with());
        };
    }
}
