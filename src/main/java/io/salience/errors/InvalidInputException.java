package io.salience.errors;

import java.util.List;

/**
 * The request's input is wrong in a way its author can fix; answered with 400 problem details
 * that list every offending field.
 */
public class InvalidInputException extends RuntimeException {

    /** One bad field and what is wrong with it. */
    public record FieldProblem(String field, String message) {}

    private final List<FieldProblem> problems;

    public InvalidInputException(String message) {
        this(message, List.of());
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    public InvalidInputException(List<FieldProblem> problems) {
        this(problems.stream().map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request"), problems);
    }

    private InvalidInputException(String message, List<FieldProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** One bad field: the problem names it in {@code errors[].field}. */
    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
