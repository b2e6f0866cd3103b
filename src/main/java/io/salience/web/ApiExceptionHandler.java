package io.salience.web;

import io.salience.errors.BusyException;
import io.salience.errors.ConflictException;
import io.salience.errors.InvalidInputException;
import io.salience.errors.NotFoundException;
import io.salience.errors.StillComputingException;
import io.salience.errors.UnavailableException;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 problem details: the framework's own (bad JSON, wrong types,
 * validation, 404 routes, 413 uploads) through the base class, the service's through the handlers
 * below. Unexpected errors are logged with their stack trace and answered without it.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
        if (!e.problems().isEmpty()) {
            pd.setProperty("errors", e.problems().stream()
                    .map(p -> Map.of("field", p.field(), "message", p.message())).toList());
        }
        return pd;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(BusyException.class)
    ResponseEntity<ProblemDetail> busy(BusyException e) {
        log.warn("Busy: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy", e.getMessage()));
    }

    /** Not a failure: the result is on its way; the same request later returns it. */
    @ExceptionHandler(StillComputingException.class)
    ResponseEntity<Map<String, Object>> stillComputing(StillComputingException e) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(Map.of("status", "computing", "detail", e.getMessage(), "retryAfterSeconds",
                        e.retryAfterSeconds()));
    }

    @ExceptionHandler(UnavailableException.class)
    ProblemDetail unavailable(UnavailableException e) {
        log.warn("Unavailable: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Unavailable", e.getMessage());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.warn("Conflicting write: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict",
                "the request collided with a concurrent change; try again");
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", summarize(errors));
        pd.setProperty("errors", errors);
        return pd;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String detail = "'" + e.getValue() + "' is not a valid value for " + e.getName();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", detail);
        pd.setProperty("errors", List.of(Map.of("field", e.getName(), "message", detail)));
        return pd;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The service failed unexpectedly; the log has the details.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", f.isBindingFailure()
                        // A query parameter that does not convert: say so, not which Java type it missed.
                        ? "'" + f.getRejectedValue() + "' is not a valid value for " + f.getField()
                        : String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", summarize(errors));
        pd.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(pd);
    }

    /** A multipart request without its file part: name the part like any other missing field. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return missing(e.getRequestPartName(), "is required: send the image file in the multipart field '"
                + e.getRequestPartName() + "'");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return missing(e.getParameterName(), "is required");
    }

    private static ResponseEntity<Object> missing(String field, String message) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", field + ": " + message);
        pd.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return ResponseEntity.badRequest().body(pd);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", summarize(errors));
        pd.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(pd);
    }

    /**
     * Unreadable JSON: names the field whose value has the wrong type, or {@code body} when the
     * body itself is not a JSON object (an array, a number, a string, broken JSON).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = "body";
        String message = "the body is not a JSON object of the expected form";
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.core.JacksonException json) {
                String path = json.getPath().stream()
                        .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
                if (!path.isEmpty()) {
                    field = path;
                    message = describe(json);
                } else if (t instanceof tools.jackson.core.exc.StreamReadException) {
                    message = "the body is not valid JSON: " + json.getOriginalMessage();
                }
                break;
            }
        }
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "Invalid input", field + ": " + message);
        pd.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return ResponseEntity.badRequest().body(pd);
    }

    /** What is wrong with a field's JSON value, in the request's terms rather than Java's. */
    private static String describe(tools.jackson.core.JacksonException json) {
        if (json instanceof tools.jackson.databind.exc.PropertyBindingException unknown) {
            return "is not a field here; known: " + unknown.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(java.util.stream.Collectors.joining(", "));
        }
        if (json instanceof tools.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            return "must be " + kind(mismatch.getTargetType());
        }
        if (json instanceof tools.jackson.core.exc.InputCoercionException coercion) {
            return "is out of range" + (coercion.getTargetType() == null ? "" : " for " + kind(coercion.getTargetType()));
        }
        if (json instanceof tools.jackson.core.exc.StreamReadException) {
            return "is not valid JSON (numbers are finite and written out, strings quoted)";
        }
        return "has the wrong type or form";
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number, written without quotes or a fraction";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || Number.class.isAssignableFrom(type)) {
            return "a number, written without quotes";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setInstance(instance());
        return pd;
    }

    /** The problems Spring MVC itself describes (no handler, bad method...) get a safe instance too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, org.springframework.http.HttpHeaders headers,
            org.springframework.http.HttpStatusCode statusCode, org.springframework.web.context.request.WebRequest request) {
        if (body instanceof ProblemDetail pd && pd.getInstance() == null) {
            pd.setInstance(instance());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /**
     * The request's path as the problem's {@code instance}. Left empty, Spring would parse the raw
     * path itself, and a path such as {@code //x} (which reads as an authority) would turn the
     * problem into a failure of the error handler; repeated slashes are merged instead.
     */
    private static java.net.URI instance() {
        if (!(org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes)) {
            return null;
        }
        String path = attributes.getRequest().getRequestURI();
        try {
            return java.net.URI.create(path.replaceAll("/{2,}", "/"));
        } catch (IllegalArgumentException e) {
            return java.net.URI.create("about:blank");
        }
    }

    private static String summarize(List<Map<String, String>> errors) {
        return errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
