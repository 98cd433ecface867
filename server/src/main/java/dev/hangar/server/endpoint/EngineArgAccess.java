package dev.hangar.server.endpoint;

import dev.hangar.server.auth.AuthenticatedUser;
import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.FieldProblem;
import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.registry.Model;
import dev.hangar.server.registry.ModelFormat;
import dev.hangar.server.registry.ModelService;
import dev.hangar.server.registry.ModelStatus;
import dev.hangar.server.runtime.ArgType;
import dev.hangar.server.runtime.EngineArg;
import dev.hangar.server.runtime.RuntimeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a caller may put into validated engine arguments: only an admin turns on an admin-only
 * switch ({@code trust-remote-code} runs code that comes with the model); a model argument
 * ({@code lora}) names a ready GGUF model of the registry the caller may use, and is kept as that
 * model's id, from which the launch takes the file's path.
 */
@Component
class EngineArgAccess {

    private final ModelService models;

    EngineArgAccess(ModelService models) {
        this.models = models;
    }

    Map<String, Object> authorize(AuthenticatedUser caller, RuntimeSpec runtime, Map<String, Object> args) {
        Map<String, Object> authorized = new LinkedHashMap<>(args);
        for (EngineArg arg : runtime.engineArgs()) {
            Object value = args.get(arg.name());
            if (value == null) {
                continue;
            }
            if (arg.adminOnly() && !caller.isAdmin() && !value.equals(arg.defaultValue())) {
                throw new ApiException(
                        ProblemType.FORBIDDEN,
                        MessageCode.ARG_ADMIN_ONLY_DETAIL.with(
                                "field", "engineArgs." + arg.name(), "runtime", runtime.name()),
                        List.of(new FieldProblem("engineArgs." + arg.name(), MessageCode.ARG_ADMIN_ONLY.with())));
            }
            if (arg.type() == ArgType.MODEL) {
                authorized.put(
                        arg.name(), usableModel(caller, arg, (String) value).id());
            }
        }
        return authorized;
    }

    private Model usableModel(AuthenticatedUser caller, EngineArg arg, String idOrName) {
        Model model = models.get(caller, idOrName);
        if (model.status() != ModelStatus.READY
                || model.facts() == null
                || model.facts().format() != ModelFormat.GGUF) {
            throw ApiException.invalidField(
                    "engineArgs." + arg.name(), MessageCode.ARG_NOT_READY_GGUF.with("model", model.name()));
        }
        return model;
    }
}
