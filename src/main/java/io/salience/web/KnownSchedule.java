package io.salience.web;

import io.salience.training.LearningRateSchedule;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A learning-rate schedule's name ({@link LearningRateSchedule}); null is allowed (the recipe's).
 * Checked with the request's other fields, so one 400 names every bad field.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownSchedule.Check.class)
public @interface KnownSchedule {

    String message() default "unknown schedule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<KnownSchedule, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || LearningRateSchedule.find(value).isPresent()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be one of " + LearningRateSchedule.ids())
                    .addConstraintViolation();
            return false;
        }
    }
}
