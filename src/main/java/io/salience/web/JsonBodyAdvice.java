package io.salience.web;

import io.salience.errors.InvalidInputException;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * A JSON body that is the literal {@code null} is refused, naming the body. Optional bodies stay
 * optional when they are absent; but {@code null} sent on purpose is a client's mistake (a
 * serializer handed nothing), and taking it for "all defaults" would start a 40-epoch job.
 */
@RestControllerAdvice
public class JsonBodyAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body == null) {
            throw InvalidInputException.field("body", "the body is JSON null; send a JSON object (or no body for all defaults)");
        }
        return body;
    }
}
