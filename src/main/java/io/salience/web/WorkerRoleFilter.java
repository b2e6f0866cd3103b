package io.salience.web;

import io.salience.roles.InstanceRole;
import io.salience.roles.RoleProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A {@code worker} instance trains and serves only {@code /actuator} (health, metrics): every
 * other request is a 404 problem that says where the API is. Other roles pass everything.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WorkerRoleFilter extends OncePerRequestFilter {

    private final InstanceRole role;

    public WorkerRoleFilter(RoleProperties properties) {
        this.role = properties.role();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return role.servesApi() || path.equals("/actuator") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,\"detail\":"
                + "\"this instance has the worker role: it trains jobs and serves only /actuator; ask an api instance\"}");
    }
}
