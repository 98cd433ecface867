package dev.hangar.server.endpoint;

import dev.hangar.server.core.NameList;
import dev.hangar.server.home.HangarProperties;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The environment variables a user gives an endpoint's replicas: upper-case names, bounded sizes,
 * and never a variable that makes a loader, VM, interpreter, shell or the runtime itself load or run
 * something else ({@link ReservedVariables}), unless an admin allowed the name
 * (HANGAR_REPLICA_ENV_ALLOW). Checked when an endpoint is created or changed, and again before each
 * launch, so an endpoint stored before a rule existed cannot start with a variable it forbids.
 */
@Component
public class EndpointEnv {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_VARIABLES = 64;
    private static final int MAX_VALUE = 4096;

    private final NameList allowed;

    @Autowired
    EndpointEnv(HangarProperties properties) {
        this(properties.replicas().envAllow());
    }

    /** @param allowed reserved names users may set all the same: exact names, or prefixes ending in {@code *} */
    EndpointEnv(List<String> allowed) {
        this.allowed = new NameList(allowed);
    }

    /** The variables as given, or a 400 problem naming the first one that is not allowed. */
    public Map<String, String> check(Map<String, String> env) {
        if (env == null) {
            return Map.of();
        }
        if (env.size() > MAX_VARIABLES) {
            throw ApiException.invalidField(
                    "env", MessageCode.ENV_TOO_MANY.with("max", MAX_VARIABLES, "count", env.size()));
        }
        env.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw ApiException.invalidField("env." + name, MessageCode.ENV_NAME.with());
            }
            reservation(name).ifPresent(why -> {
                throw ApiException.invalidField("env." + name, why);
            });
            if (value == null || value.length() > MAX_VALUE) {
                throw ApiException.invalidField("env." + name, MessageCode.ENV_VALUE.with("max", MAX_VALUE));
            }
        });
        return Map.copyOf(env);
    }

    private Optional<Message> reservation(String name) {
        if (name.startsWith("HANGAR_")) {
            return Optional.of(MessageCode.ENV_RESERVED_HANGAR.with());
        }
        return ReservedVariables.why(name).filter(why -> !allowed.matches(name));
    }
}
