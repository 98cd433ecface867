package dev.hangar.server.problem;

import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (in a filter, by the servlet container) reach {@code /error};
 * they get the same problem+json answer as everything else, not an HTML page or a stack trace.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ErrorResponses responses;

    ProblemErrorController(ErrorResponses responses) {
        this.responses = responses;
    }

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ProblemType type = ProblemType.forStatus(status);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Message detail = type == ProblemType.NOT_FOUND && uri != null
                ? MessageCode.PROBLEM_NOTHING_AT.with("path", uri)
                : type == ProblemType.INTERNAL
                        ? MessageCode.PROBLEM_INTERNAL_NO_ID.with()
                        : MessageCode.PROBLEM_STATUS.with("title", type.title());
        return responses.entity(request, ApiProblem.of(type, detail));
    }
}
