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
 * {@code X-API-Key}, compared in constant time, or, when no key is configured, must come from a
 * client on the service's own machine: the loopback interface, not relayed by a proxy (no
 * forwarded headers, none trusted by the server), addressed to a loopback host name (not a
 * rebinding DNS name) and not sent by a page of another origin (Origin, Sec-Fetch-Site). The console's pages and the API are guarded alike; a browser session in
 * which the console's key was verified ({@link ApiKeySessionController}) may read, so that its
 * images load, but actions always need the header (a cookie alone never changes state). A refusal
 * is a 401 problem; the key itself is never logged.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    /** The session attribute that says this browser session gave the right key. */
    static final String SESSION_VERIFIED = ApiKeyFilter.class.getName() + ".verified";
    /** What anyone may fetch: scripts and styles, the API's description, health, the key form's target. */
    private static final java.util.regex.Pattern PUBLIC = java.util.regex.Pattern.compile(
            "/(assets|webjars|swagger-ui|v3/api-docs|actuator)(/.*)?|/swagger-ui\\.html|/favicon\\.ico|/console/session");
    private static final UrlPathHelper PATHS = new UrlPathHelper();
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    /** Headers a proxy adds: a request that carries one was relayed for someone else. */
    private static final java.util.List<String> FORWARDING = java.util.List.of("Forwarded", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Real-IP");

    private final SecurityProperties properties;
    private final JsonMapper json;
    private final byte[] key;
    /** The server rewrites the remote address from forwarded headers: no address can be trusted as local. */
    private final boolean behindProxy;

    public ApiKeyFilter(SecurityProperties properties, JsonMapper json) {
        this(properties, json, false);
    }

    /** @param behindProxy whether the server takes the client's address from forwarded headers */
    public ApiKeyFilter(SecurityProperties properties, JsonMapper json, boolean behindProxy) {
        this.properties = properties;
        this.json = json;
        this.behindProxy = behindProxy;
        this.key = properties.hasKey() ? properties.apiKey().getBytes(StandardCharsets.UTF_8) : null;
        if (key == null && behindProxy) {
            log.warn("No salience.security.api-key is set and the server trusts forwarded headers (a proxy, or "
                    + "Kubernetes): no request counts as local, so nothing can change state until a key is set.");
        }
        if (key == null) {
            log.warn("No salience.security.api-key is set: calls that change state (jobs, datasets, reports) are allowed from "
                    + "this machine (loopback) only. Set an API key before exposing the service.");
        }
    }

    /**
     * Deny by default: every method but GET, HEAD and OPTIONS changes state (starting, cancelling,
     * deleting jobs), except the uploads under /api/checkpoints, which only compute predictions
     * and heatmaps.
     */
    static boolean changesState(HttpServletRequest request) {
        return changesState(request.getMethod(), path(request));
    }

    /** The same rule for a method and a path (the API documentation marks these operations with the key). */
    public static boolean changesState(String method, String path) {
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return false;
        }
        return !READ_ONLY_UPLOADS.matcher(path).matches();
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
        return PUBLIC.matcher(path(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean action = changesState(request);
        if (!(action || properties.protectReads()) || allowed(request, action)) {
            chain.doFilter(request, response);
            return;
        }
        String detail = key != null
                ? "this request needs a valid API key in the " + HEADER + " header"
                : "no API key is configured, so this request is accepted only from a client on the service's own "
                        + "machine (not through a proxy, not from a page of another site); set "
                        + "salience.security.api-key and send it in " + HEADER;
        response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
        if (isConsolePage(request)) {
            askForTheKey(request, response, detail);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setTitle("Unauthorized");
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /**
     * "./" at the application's root, "../" one level down: what a page's {@code <base>} needs to
     * lead back to the root under any path prefix (the console's pages and this filter's key form).
     */
    public static String relativeRoot(HttpServletRequest request) {
        long depth = path(request).chars().filter(c -> c == '/').count() - 1;
        return depth <= 0 ? "./" : "../".repeat((int) depth);
    }

    /** A person's browser opening a console page (not the API, not an htmx fragment). */
    private static boolean isConsolePage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return !path(request).startsWith("/api/") && request.getHeader("HX-Request") == null
                && "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
    }

    /**
     * With {@code protect-reads}, a console page asks for the key in a small form of its own; the
     * key goes to {@link ApiKeySessionController} and, for actions, into the tab's session storage.
     */
    private void askForTheKey(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <base href="%s"><title>API key needed - Salience</title><link rel="stylesheet" href="assets/console.css"></head>
                <body><main><h1>This console needs the API key</h1><p class="notice">%s.</p>
                <form id="key-page-form"><label for="key-page-input">API key</label>
                <input id="key-page-input" type="password" autocomplete="off" required>
                <button type="submit">Open the console</button><p class="field-error" id="key-page-error" role="alert"></p></form>
                <script>
                document.getElementById('key-page-form').addEventListener('submit', async (e) => {
                  e.preventDefault();
                  const key = document.getElementById('key-page-input').value;
                  const r = await fetch('console/session', { method: 'POST', body: new URLSearchParams({ key: key }) });
                  if (r.ok) { sessionStorage.setItem('salience.apiKey', key); location.reload(); }
                  else { document.getElementById('key-page-error').textContent = 'That is not the API key of this service.'; }
                });
                </script></main></body></html>
                """.formatted(relativeRoot(request), org.springframework.web.util.HtmlUtils.htmlEscape(detail));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    private boolean allowed(HttpServletRequest request, boolean action) {
        if (key == null) {
            return isLocal(request);
        }
        if (matches(key, request.getHeader(HEADER))) {
            return true;
        }
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        return !action && session != null && Boolean.TRUE.equals(session.getAttribute(SESSION_VERIFIED));
    }

    /** Constant-time comparison of a given key with the configured one. */
    static boolean matches(byte[] key, String given) {
        return key != null && given != null && MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8));
    }

    /** A request from a client on this machine, and not on behalf of anyone or any site else. */
    private boolean isLocal(HttpServletRequest request) {
        if (behindProxy || !isLoopback(request.getRemoteAddr())) {
            return false;
        }
        for (String header : FORWARDING) {
            if (request.getHeader(header) != null) {
                return false; // a proxy on this machine relaying another client
            }
        }
        if (!isLoopbackHost(request.getServerName())) {
            return false; // a page of another name whose DNS was rebound to this machine
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            try {
                if (!isLoopbackHost(java.net.URI.create(origin).getHost())) {
                    return false; // a page of another site posting through the user's browser
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String site = request.getHeader("Sec-Fetch-Site");
        return site == null || site.equals("same-origin") || site.equals("none");
    }

    /** localhost, or a loopback address literal (in brackets for IPv6). */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || isLoopback(h);
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
