package dev.hangar.server.auth;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Password checks a person makes (login, password change), throttled by username and client
 * address ({@link LoginThrottle}).
 */
@Service
class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final UserService users;
    private final LoginThrottle throttle;

    LoginService(UserService users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    User login(String username, String password, String clientAddress) {
        throttle.begin(username, clientAddress);
        User user = users.authenticate(username, password).orElseThrow(() -> {
            log.info("failed login for '{}' from {}", username, clientAddress);
            return new ApiException(ProblemType.UNAUTHORIZED, MessageCode.AUTH_WRONG_PASSWORD.with());
        });
        if (user.disabled()) {
            throw new ApiException(ProblemType.FORBIDDEN, MessageCode.AUTH_USER_DISABLED.with("user", username));
        }
        throttle.succeeded(username, clientAddress);
        return user;
    }

    /** Changes the caller's password; answers the new session epoch (their other sessions end). */
    int changePassword(AuthenticatedUser caller, String currentPassword, String newPassword, String clientAddress) {
        throttle.begin(caller.username(), clientAddress);
        int epoch = users.changePassword(users.get(caller.userId()), currentPassword, newPassword);
        throttle.succeeded(caller.username(), clientAddress);
        return epoch;
    }

    /** The session epoch a session of this user begun now carries. */
    int sessionEpoch(User user) {
        return users.sessionEpoch(user);
    }
}
