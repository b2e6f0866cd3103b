package io.salience.console;

import io.salience.errors.BusyException;
import io.salience.errors.InvalidInputException;
import io.salience.errors.NotFoundException;
import io.salience.errors.StillComputingException;
import io.salience.errors.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of console pages and fragments, as HTML a person reads. A fragment that is still being
 * computed answers 200 with a notice that asks again after the server's Retry-After, so htmx swaps
 * it in and the panel fills itself when the work is done.
 */
@ControllerAdvice(assignableTypes = {ConsolePages.class, ConsoleFragments.class})
@Order(0)
public class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(StillComputingException.class)
    ModelAndView computing(StillComputingException e, HttpServletRequest request, HttpServletResponse response) {
        return notice(request, response, HttpStatus.ACCEPTED, e.getMessage(), e.retryAfterSeconds());
    }

    @ExceptionHandler(BusyException.class)
    ModelAndView busy(BusyException e, HttpServletRequest request, HttpServletResponse response) {
        return notice(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.retryAfterSeconds());
    }

    @ExceptionHandler(UnavailableException.class)
    ModelAndView unavailable(UnavailableException e, HttpServletRequest request, HttpServletResponse response) {
        return notice(request, response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), 5);
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return notice(request, response, HttpStatus.NOT_FOUND, e.getMessage(), 0);
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletRequest request, HttpServletResponse response) {
        return notice(request, response, HttpStatus.BAD_REQUEST, e.getMessage(), 0);
    }

    /** A query or path value of the wrong type (?image=abc, /checkpoints/abc): the person's typo, not a failure. */
    @ExceptionHandler({org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class,
        org.springframework.web.bind.MissingServletRequestParameterException.class})
    ModelAndView badParameter(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String message = e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
                ? "'" + m.getValue() + "' is not a valid value for " + m.getName()
                : e.getMessage();
        return notice(request, response, HttpStatus.BAD_REQUEST, message, 0);
    }

    @ExceptionHandler(RuntimeException.class)
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        log.error("console request {} failed", request.getRequestURI(), e);
        return notice(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
                "something went wrong on the server; its log has the details", 0);
    }

    private static ModelAndView notice(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String message, long retryAfterSeconds) {
        boolean fragment = request.getHeader("HX-Request") != null;
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        ModelAndView view = new ModelAndView(fragment ? "console/fragments :: notice" : "console/notice");
        view.addObject("status", status.value());
        view.addObject("title", status.getReasonPhrase());
        view.addObject("message", message);
        view.addObject("retryAfter", retryAfterSeconds);
        // relative to the page's <base>, which is the application's root, so a path prefix stays
        view.addObject("retryUrl", request.getRequestURI().substring(request.getContextPath().length() + 1)
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        view.addObject("root", ConsolePages.root(request));
        // htmx swaps only successful answers: a fragment's notice is a 200 that says what happened.
        view.setStatus(fragment ? HttpStatus.OK : status);
        return view;
    }
}
