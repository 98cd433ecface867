package dev.hangar.server.auth;

import dev.hangar.server.core.IdGenerator;
import dev.hangar.server.core.Page;
import dev.hangar.server.core.PageRequest;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ConflictException;
import dev.hangar.server.problem.ProblemType;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users and their passwords (bcrypt: a login may be slow, unlike an API key check). */
@Service
public class UserService {

    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    private final UserRepository users;
    private final PasswordCheck passwords;
    private final IdGenerator ids;
    private final Clock clock;
    private final ApiKeyService keys;
    private final UserLimitsService limits;

    public UserService(
            UserRepository users,
            PasswordEncoder passwords,
            IdGenerator ids,
            Clock clock,
            ApiKeyService keys,
            UserLimitsService limits) {
        this.users = users;
        this.keys = keys;
        this.limits = limits;
        this.passwords = new PasswordCheck(passwords);
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional
    public User create(String username, String password, Role role) {
        users.findByUsername(username).ifPresent(existing -> {
            throw new ConflictException(MessageCode.USER_NAME_TAKEN.with("name", username), existing.id());
        });
        User user = new User(ids.next("usr"), username, role, clock.instant(), limits.forNewUser(role));
        try {
            users.insert(user, passwords.hash("password", password));
        } catch (DuplicateKeyException e) {
            throw new ConflictException(MessageCode.USER_NAME_JUST_TAKEN.with("name", username), null);
        }
        log.info("user {} created with role {}", username, role);
        return user;
    }

    public Optional<User> find(String id) {
        return users.findById(id);
    }

    public Optional<User> findByUsername(String username) {
        return users.findByUsername(username);
    }

    public User get(String idOrName) {
        return users.findById(idOrName)
                .or(() -> users.findByUsername(idOrName))
                .orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_USER, idOrName));
    }

    public Page<User> list(PageRequest page) {
        return users.list(page);
    }

    /** The user whose password this is, or empty; takes as long for an unknown name as for a known one. */
    public Optional<User> authenticate(String username, String password) {
        Optional<User> user = users.findByUsername(username);
        boolean matches = passwords.matches(password, user.flatMap(u -> users.passwordHash(u.id())));
        return matches ? user : Optional.empty();
    }

    /** Sets a password unless it is already the one stored; answers whether it changed. */
    @Transactional
    public boolean ensurePassword(User user, String password) {
        if (passwords.matches(password, users.passwordHash(user.id()))) {
            return false;
        }
        users.updatePasswordHash(user.id(), passwords.hash("password", password));
        return true;
    }

    /**
     * Sets a new password for a user who proved the current one; every session of theirs begun
     * before ends. Answers the new session epoch, which the caller's own session may carry on with.
     */
    @Transactional
    public int changePassword(User user, String currentPassword, String newPassword) {
        if (!passwords.matches(currentPassword, users.passwordHash(user.id()))) {
            throw ApiException.invalidField("currentPassword", MessageCode.PASSWORD_NOT_CURRENT.with());
        }
        users.changePasswordHash(user.id(), passwords.hash("newPassword", newPassword));
        log.info("user {} changed their password; their other sessions end", user.username());
        return users.sessionEpoch(user.id()).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_USER, user.id()));
    }

    /** The session epoch sessions begun now carry ({@link UserRepository#findForSession}). */
    public int sessionEpoch(User user) {
        return users.sessionEpoch(user.id()).orElseThrow(() -> ApiException.notFound(MessageCode.NOUN_USER, user.id()));
    }

    /** The user of a browser session, while it lasts: not after the user's password changed or they were disabled. */
    public Optional<User> findForSession(String userId, int sessionEpoch) {
        return users.findForSession(userId, sessionEpoch);
    }

    /**
     * Changes a user's role, disabled flag and limits together. An admin cannot change their own role
     * or disable themselves, and the last enabled admin stays one (the server would have nobody to
     * manage it). A demoted admin whose limits the change does not set gets a new user's limits
     * (HANGAR_USER_*), as if created a user. Their keys and sessions hold the change from the next request.
     */
    @Transactional
    public User update(AuthenticatedUser caller, String idOrName, UserChange change) {
        User user = get(idOrName);
        Role role = change.role().orElse(user.role());
        boolean disabled = change.disabled().orElse(user.disabled());
        boolean self = user.id().equals(caller.userId());
        if (self && role != user.role()) {
            throw new ApiException(ProblemType.CONFLICT, MessageCode.USER_ROLE_SELF.with());
        }
        if (self && disabled && !user.disabled()) {
            throw new ApiException(ProblemType.CONFLICT, MessageCode.USER_DISABLE_SELF.with());
        }
        if (role != Role.ADMIN || disabled) {
            requireAnotherAdmin(user);
        }
        if (role != user.role()) {
            users.setRole(user.id(), role);
            log.info("user {} made {} by {}", user.username(), role, caller.username());
        }
        if (disabled != user.disabled()) {
            users.setDisabled(user.id(), disabled);
            log.info("user {} {} by {}", user.username(), disabled ? "disabled" : "enabled", caller.username());
        }
        keys.forgetUser(user.id());
        boolean demoted = user.role() == Role.ADMIN && role != Role.ADMIN;
        Optional<UserLimits> newLimits =
                change.limits().or(() -> demoted ? Optional.of(limits.forNewUser(role)) : Optional.empty());
        return newLimits.map(l -> limits.set(caller, user, l)).orElseGet(() -> get(user.id()));
    }

    /** Disables a user (their keys and sessions stop at once) or enables them again. */
    @Transactional
    public User setDisabled(AuthenticatedUser caller, String idOrName, boolean disabled) {
        return update(caller, idOrName, UserChange.disabled(disabled));
    }

    @Transactional
    public void delete(AuthenticatedUser caller, String idOrName) {
        User user = get(idOrName);
        if (user.id().equals(caller.userId())) {
            throw new ApiException(ProblemType.CONFLICT, MessageCode.USER_DELETE_SELF.with());
        }
        requireAnotherAdmin(user);
        try {
            users.delete(user.id());
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(ProblemType.CONFLICT, MessageCode.USER_STILL_OWNS.with("user", user.username()));
        }
        keys.forgetUser(user.id());
        log.info("user {} deleted by {}, with their API keys", user.username(), caller.username());
    }

    /** Refuses to take the admin role from the last enabled admin (by demoting, disabling or deleting them). */
    private void requireAnotherAdmin(User user) {
        if (user.role() == Role.ADMIN && !user.disabled() && users.lockOtherAdmins(user.id()) == 0) {
            throw new ApiException(ProblemType.CONFLICT, MessageCode.USER_LAST_ADMIN.with("user", user.username()));
        }
    }
}
