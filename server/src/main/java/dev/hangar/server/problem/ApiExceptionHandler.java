package dev.hangar.server.problem;

import dev.hangar.server.core.RequestIdFilter;
import dev.hangar.server.message.Message;
import dev.hangar.server.message.MessageCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * The one place where exceptions become answers. Bad input is a 4xx whose detail says what to
 * fix; only a bug is a 500, and then the client gets no stack trace, only the request id to
 * find the log line. A client that went away before its answer was written (Tomcat's
 * ClientAbortException, a broken pipe, a connection reset) is no error: one line at DEBUG, and no
 * answer, since nobody would read it.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorResponses responses;

    ApiExceptionHandler(ErrorResponses responses) {
        this.responses = responses;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException e, HttpServletRequest request) {
        return responses.entity(request, ApiProblem.from(e));
    }

    @ExceptionHandler(RetryLaterException.class)
    ResponseEntity<Object> handleRetryLater(RetryLaterException e, HttpServletRequest request) {
        ResponseEntity<Object> answer = responses.entity(request, ApiProblem.from(e));
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(answer.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
        if (clientLeft(e, request)) {
            return null;
        }
        Optional<RequestBodyTooLargeException> tooLarge =
                JsonErrorDescriber.find(e, RequestBodyTooLargeException.class);
        if (tooLarge.isPresent()) {
            return responses.entity(
                    request,
                    ApiProblem.of(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.get().message()));
        }
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return responses.entity(
                request,
                ApiProblem.of(
                        ProblemType.INTERNAL,
                        MessageCode.PROBLEM_INTERNAL.with("requestId", RequestIdFilter.idOf(request))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = servletRequest(request);
        Optional<RequestBodyTooLargeException> tooLarge =
                JsonErrorDescriber.find(e, RequestBodyTooLargeException.class);
        if (tooLarge.isPresent()) {
            return responses.entity(
                    servlet,
                    ApiProblem.of(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.get().message()));
        }
        return responses.entity(servlet, JsonErrorDescriber.describe(e));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), ConstraintMessages.of(error)));
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem("body", ConstraintMessages.of(error))));
        return validationFailed(servletRequest(request), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = Optional.ofNullable(result.getMethodParameter().getParameterName())
                    .orElse("parameter");
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, ConstraintMessages.of(error, attributes(result, error))));
            }
        });
        return validationFailed(servletRequest(request), errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        Class<?> expected = e instanceof MethodArgumentTypeMismatchException mismatch
                ? mismatch.getParameter().getNestedParameterType()
                : e.getRequiredType();
        Message message = expected != null && expected.isEnum()
                ? MessageCode.FIELD_NOT_ONE_OF.with(
                        "value", e.getValue(), "choices", List.of(expected.getEnumConstants()))
                : MessageCode.FIELD_NOT_VALID.with(
                        "value",
                        e.getValue(),
                        "type",
                        expected == null ? "value" : expected.getSimpleName().toLowerCase(Locale.ROOT));
        return validationFailed(servletRequest(request), List.of(new FieldProblem(name, message)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemType type = switch (e) {
            case HttpRequestMethodNotSupportedException ignored -> ProblemType.METHOD_NOT_ALLOWED;
            case HttpMediaTypeNotSupportedException ignored -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case HttpMediaTypeNotAcceptableException ignored -> ProblemType.NOT_ACCEPTABLE;
            case NoResourceFoundException ignored -> ProblemType.NOT_FOUND;
            default -> ProblemType.forStatus(status.value());
        };
        Message detail = switch (e) {
            case NoResourceFoundException ignored ->
                MessageCode.PROBLEM_NO_ROUTE.with(
                        "path", servletRequest(request).getRequestURI());
            case HttpMediaTypeNotSupportedException ignored ->
                MessageCode.PROBLEM_CONTENT_TYPE.with(
                        "contentType",
                        Optional.ofNullable(servletRequest(request).getContentType())
                                .map(c -> "'" + c + "'")
                                .orElse("(none)"));
            case HttpRequestMethodNotSupportedException unsupported ->
                MessageCode.PROBLEM_METHOD.with(
                        "method",
                        unsupported.getMethod(),
                        "allowed",
                        String.join(
                                ", ",
                                Optional.ofNullable(unsupported.getSupportedMethods())
                                        .orElse(new String[0])));
            case MissingServletRequestParameterException missing ->
                MessageCode.PROBLEM_MISSING_PARAMETER.with("name", missing.getParameterName());
            default ->
                body instanceof ProblemDetail problem && problem.getDetail() != null
                        ? MessageCode.PROBLEM_REQUEST.with("detail", problem.getDetail())
                        : MessageCode.PROBLEM_STATUS.with("title", type.title());
        };
        if (type == ProblemType.INTERNAL) {
            if (clientLeft(e, servletRequest(request))) {
                return null;
            }
            log.error("unexpected error on {}", servletRequest(request).getRequestURI(), e);
        }
        ResponseEntity<Object> answer = responses.entity(servletRequest(request), ApiProblem.of(type, detail));
        return ResponseEntity.status(answer.getStatusCode())
                .headers(headers)
                .contentType(answer.getHeaders().getContentType())
                .body(answer.getBody());
    }

    /** Whether the client went away mid-answer; says so in one line. */
    private static boolean clientLeft(Exception e, HttpServletRequest request) {
        if (!DisconnectedClientHelper.isClientDisconnectedException(e)) {
            return false;
        }
        log.debug(
                "the client left before the answer to {} {} was written ({})",
                request.getMethod(),
                request.getRequestURI(),
                e.toString());
        return true;
    }

    private ResponseEntity<Object> validationFailed(HttpServletRequest request, List<FieldProblem> errors) {
        Message detail = errors.isEmpty()
                ? MessageCode.PROBLEM_INVALID_REQUEST.with()
                : ApiException.invalidFieldsDetail(errors);
        return responses.entity(request, new ApiProblem(ProblemType.VALIDATION, detail, errors, Optional.empty()));
    }

    /** The attributes of the constraint behind a parameter's error, empty when it is not a constraint's. */
    private static Map<String, Object> attributes(ParameterValidationResult result, MessageSourceResolvable error) {
        try {
            return result.unwrap(error, ConstraintViolation.class)
                    .getConstraintDescriptor()
                    .getAttributes();
        } catch (IllegalArgumentException notAViolation) {
            return Map.of();
        }
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }
}
