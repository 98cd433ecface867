package dev.hangar.server.problem;

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
        String detail = type == ProblemType.NOT_FOUND && uri != null
                ? "Nothing at " + uri + "."
                : type == ProblemType.INTERNAL
                        ? "Hangar failed on this request; the server log has the details."
                        : type.title() + ".";
        return responses.entity(request, ApiProblem.of(type, detail));
    }
}
