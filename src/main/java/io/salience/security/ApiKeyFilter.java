package io.salience.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps strangers from starting, cancelling or deleting jobs (and, with
 * {@code protect-reads}, from reading): such requests need the configured key in
 * {@code X-API-Key}, compared in constant time, or, when no key is configured, must come from the
 * loopback interface. A refusal is a 401 problem; the key itself is never logged.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private static final UrlPathHelper PATHS = new UrlPathHelper();
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final SecurityProperties properties;
    private final JsonMapper json;
    private final byte[] key;

    public ApiKeyFilter(SecurityProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.key = properties.hasKey() ? properties.apiKey().getBytes(StandardCharsets.UTF_8) : null;
        if (key == null) {
            log.warn("No salience.security.api-key is set: starting, cancelling and deleting jobs is allowed from "
                    + "this machine (loopback) only. Set an API key before exposing the service.");
        }
    }

    /**
     * Deny by default: every method but GET, HEAD and OPTIONS changes state (starting, cancelling,
     * deleting jobs), except the uploads under /api/checkpoints, which only compute predictions
     * and heatmaps.
     */
    static boolean changesState(HttpServletRequest request) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        return !READ_ONLY_UPLOADS.matcher(path(request)).matches();
    }

    /** The only POSTs that change nothing: predictions and heatmaps for uploaded images. */
    private static final java.util.regex.Pattern READ_ONLY_UPLOADS =
            java.util.regex.Pattern.compile("/api/checkpoints/\\d+/(predictions|gradcam)/?");

    /** The path as the dispatcher matches it: decoded, without ;parameters, slashes merged. */
    static String path(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request).replaceAll("/{2,}", "/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path(request).startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean guarded = changesState(request) || properties.protectReads();
        if (!guarded || allowed(request)) {
            chain.doFilter(request, response);
            return;
        }
        String detail = key != null
                ? "this request needs a valid API key in the " + HEADER + " header"
                : "no API key is configured, so this request is accepted from the service's own machine only; "
                        + "set salience.security.api-key and send it in " + HEADER;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setTitle("Unauthorized");
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    private boolean allowed(HttpServletRequest request) {
        if (key == null) {
            return isLoopback(request.getRemoteAddr());
        }
        String given = request.getHeader(HEADER);
        return given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLoopback(String address) {
        // The remote address is a literal IP; anything else is refused rather than looked up.
        if (address == null || (address.indexOf('.') < 0 && address.indexOf(':') < 0)) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
