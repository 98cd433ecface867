package dev.hangar.server.gateway;

import dev.hangar.server.message.MessageCode;
import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;

/** The 404 for a model name the caller cannot use, worded as OpenAI words it, so that clients show a familiar message. */
final class ModelNotFound {

    private ModelNotFound() {}

    static ApiException of(String model) {
        return new ApiException(ProblemType.MODEL_NOT_FOUND, MessageCode.GATEWAY_MODEL_NOT_FOUND.with("model", model));
    }
}
