package io.salience.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Runs one request through the filter; returns the status, 0 when it was let through. */
    private static MockHttpServletResponse call(SecurityProperties properties, String method, String path,
            String remote, String key, AtomicBoolean passed) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(remote);
        if (key != null) {
            request.addHeader(ApiKeyFilter.HEADER, key);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        FilterChain chain = (req, res) -> passed.set(true);
        new ApiKeyFilter(properties, JSON).doFilter(request, response, chain);
        return response;
    }

    private static boolean allowed(SecurityProperties p, String method, String path, String remote, String key)
            throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        MockHttpServletResponse response = call(p, method, path, remote, key, passed);
        if (!passed.get()) {
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("\"status\":401").doesNotContain("s3cret");
        }
        return passed.get();
    }

    @Test
    void withAKeyStateChangesNeedIt() throws Exception {
        SecurityProperties p = new SecurityProperties("s3cret", false);
        assertThat(allowed(p, "POST", "/api/jobs", "10.0.0.7", "s3cret")).isTrue();
        assertThat(allowed(p, "POST", "/api/jobs", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "POST", "/api/jobs", "10.0.0.7", "s3cre")).isFalse();
        assertThat(allowed(p, "POST", "/api/jobs/4/cancel", "127.0.0.1", "wrong")).isFalse();
        assertThat(allowed(p, "DELETE", "/api/jobs/4", "10.0.0.7", "s3cret")).isTrue();
        assertThat(allowed(p, "DELETE", "/api/jobs/4", "10.0.0.7", null)).isFalse();
        // Reads stay open, uploads for predictions included.
        assertThat(allowed(p, "GET", "/api/jobs/4", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "POST", "/api/checkpoints/2/predictions", "10.0.0.7", null)).isTrue();
    }

    @Test
    void encodedOrDecoratedPathsCannotSlipPast() throws Exception {
        SecurityProperties p = new SecurityProperties("s3cret", false);
        assertThat(allowed(p, "POST", "/api/job%73", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "POST", "/api/jobs;x", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "POST", "/api/jobs;x/5/cancel", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "DELETE", "/api/job%73/5", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "DELETE", "//api//jobs/5", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "PUT", "/api/anything", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "POST", "/api/checkpoints/2/other", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "POST", "/api/checkpoints/2/gradcam", "10.0.0.7", null)).isTrue();
        SecurityProperties reads = new SecurityProperties("s3cret", true);
        assertThat(allowed(reads, "GET", "/%61pi/jobs", "10.0.0.7", null)).isFalse();
    }

    @Test
    void withoutAKeyOnlyLoopbackMayChangeState() throws Exception {
        SecurityProperties p = new SecurityProperties(null, false);
        assertThat(allowed(p, "POST", "/api/jobs", "127.0.0.1", null)).isTrue();
        assertThat(allowed(p, "POST", "/api/jobs", "0:0:0:0:0:0:0:1", null)).isTrue();
        assertThat(allowed(p, "POST", "/api/jobs", "192.168.1.20", null)).isFalse();
        assertThat(allowed(p, "DELETE", "/api/jobs/1", "10.1.1.1", "anything")).isFalse();
        assertThat(allowed(p, "GET", "/api/jobs", "10.1.1.1", null)).isTrue();
    }

    /** Without a key, "local" must mean a client on this machine acting for itself. */
    @Test
    void withoutAKeyNoProxiedRebindingOrCrossSiteRequestCountsAsLocal() throws Exception {
        SecurityProperties p = new SecurityProperties(null, false);
        String[][] refused = {{"X-Forwarded-For", "127.0.0.1"}, {"Forwarded", "for=127.0.0.1"},
            {"X-Real-IP", "127.0.0.1"}, {"Origin", "http://evil.example"}, {"Origin", "null"},
            {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"}, {"Host", "rebound.example"}};
        for (String[] header : refused) {
            assertThat(allowedWith(new ApiKeyFilter(p, JSON), header)).as(header[0] + ": " + header[1]).isFalse();
        }
        String[][] local = {{"Origin", "http://localhost:8080"}, {"Origin", "http://127.0.0.1:8080"},
            {"Sec-Fetch-Site", "same-origin"}, {"Sec-Fetch-Site", "none"}, {"Host", "[::1]:8080"}, {"Accept", "*/*"}};
        for (String[] header : local) {
            assertThat(allowedWith(new ApiKeyFilter(p, JSON), header)).as(header[0] + ": " + header[1]).isTrue();
        }
        // Behind a proxy whose headers the server trusts, the remote address proves nothing.
        assertThat(allowedWith(new ApiKeyFilter(p, JSON, true), new String[] {"Accept", "*/*"})).isFalse();
        assertThat(allowedWith(new ApiKeyFilter(new SecurityProperties("s3cret", false), JSON, true),
                new String[] {ApiKeyFilter.HEADER, "s3cret"})).isTrue();
    }

    private static boolean allowedWith(ApiKeyFilter filter, String[] header) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/jobs");
        request.setRemoteAddr("127.0.0.1");
        if (header[0].equals("Host")) {
            String host = header[1];
            request.setServerName(host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host);
        }
        request.addHeader(header[0], header[1]);
        AtomicBoolean passed = new AtomicBoolean();
        filter.doFilter(request, new MockHttpServletResponse(), (q, r) -> passed.set(true));
        return passed.get();
    }

    @Test
    void theServerTrustsForwardedHeadersWhenConfiguredOrOnKubernetes() {
        var configured = new org.springframework.mock.env.MockEnvironment()
                .withProperty("server.forward-headers-strategy", "framework");
        assertThat(SecurityConfiguration.trustsForwardedHeaders(configured)).isTrue();
        var off = new org.springframework.mock.env.MockEnvironment()
                .withProperty("server.forward-headers-strategy", "none")
                .withProperty("spring.main.cloud-platform", "kubernetes");
        assertThat(SecurityConfiguration.trustsForwardedHeaders(off)).isFalse();
        // (On a real cluster Boot detects it from KUBERNETES_SERVICE_HOST/PORT in the environment.)
        var kubernetes = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.main.cloud-platform", "kubernetes");
        assertThat(SecurityConfiguration.trustsForwardedHeaders(kubernetes)).isTrue();
        assertThat(SecurityConfiguration.trustsForwardedHeaders(new org.springframework.mock.env.MockEnvironment()))
                .isFalse();
    }

    @Test
    void protectedReadsNeedTheKeyToo() throws Exception {
        SecurityProperties p = new SecurityProperties("s3cret", true);
        assertThat(allowed(p, "GET", "/api/jobs", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "GET", "/api/jobs", "10.0.0.7", "s3cret")).isTrue();
        assertThat(allowed(p, "GET", "/api/checkpoints/1/gradcam/3.png", "127.0.0.1", null)).isFalse();
        SecurityProperties noKey = new SecurityProperties("", true);
        assertThat(allowed(noKey, "GET", "/api/jobs", "127.0.0.1", null)).isTrue();
        assertThat(allowed(noKey, "GET", "/api/jobs", "10.0.0.7", null)).isFalse();
    }

    @Test
    void theConsoleIsGuardedLikeTheApiAndItsAssetsAreNot() throws Exception {
        SecurityProperties p = new SecurityProperties("s3cret", true);
        assertThat(allowed(p, "GET", "/actuator/health/readiness", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "GET", "/swagger-ui.html", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "GET", "/assets/console.js", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "GET", "/webjars/htmx.org/dist/htmx.min.js", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "POST", "/console/session", "10.0.0.7", null)).isTrue();
        assertThat(allowed(p, "GET", "/console/jobs", "10.0.0.7", null)).isFalse();
        assertThat(allowed(p, "GET", "/console/jobs", "10.0.0.7", "s3cret")).isTrue();
        assertThat(allowed(p, "GET", "/jobs/3", "10.0.0.7", "s3cret")).isTrue();
        // Without protect-reads the console's pages are as open as the API's reads.
        SecurityProperties open = new SecurityProperties("s3cret", false);
        assertThat(allowed(open, "GET", "/", "10.0.0.7", null)).isTrue();
        assertThat(allowed(open, "GET", "/checkpoints/2", "10.0.0.7", null)).isTrue();
    }

    @Test
    void aVerifiedConsoleSessionMayReadButNeverAct() throws Exception {
        SecurityProperties p = new SecurityProperties("s3cret", true);
        ApiKeyFilter filter = new ApiKeyFilter(p, JSON);
        for (String[] call : new String[][] {{"GET", "/api/jobs/4", "pass"}, {"GET", "/checkpoints/4", "pass"},
                {"GET", "/api/checkpoints/4/gradcam/1.png", "pass"}, {"POST", "/api/jobs", "refuse"},
                {"DELETE", "/api/jobs/4", "refuse"}}) {
            MockHttpServletRequest request = new MockHttpServletRequest(call[0], call[1]);
            request.setRemoteAddr("10.0.0.7");
            request.getSession(true).setAttribute(ApiKeyFilter.SESSION_VERIFIED, Boolean.TRUE);
            AtomicBoolean passed = new AtomicBoolean();
            filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(true));
            assertThat(passed.get()).as(call[0] + " " + call[1]).isEqualTo(call[2].equals("pass"));
        }
    }

    @Test
    void aPersonOpeningAProtectedPageIsAskedForTheKeyInHtml() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/jobs/4");
        request.setRemoteAddr("10.0.0.7");
        request.addHeader("Accept", "text/html,application/xhtml+xml");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean passed = new AtomicBoolean();
        new ApiKeyFilter(new SecurityProperties("s3cret", true), JSON).doFilter(request, response, (q, r) -> passed.set(true));
        assertThat(passed).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString()).contains("<base href=\"../\">", "console/session", "key-page-input")
                .doesNotContain("s3cret");
    }

    @Test
    void theSessionEndpointVerifiesTheKeyBeforeTrustingTheSession() {
        ApiKeySessionController controller = new ApiKeySessionController(new SecurityProperties("s3cret", true));
        MockHttpServletRequest wrong = new MockHttpServletRequest("POST", "/console/session");
        assertThat(controller.open("guess", wrong).getStatusCode().value()).isEqualTo(401);
        assertThat(wrong.getSession(false)).isNull();
        MockHttpServletRequest right = new MockHttpServletRequest("POST", "/console/session");
        assertThat(controller.open("s3cret", right).getStatusCode().value()).isEqualTo(204);
        assertThat(right.getSession(false).getAttribute(ApiKeyFilter.SESSION_VERIFIED)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void loopbackIsDecidedWithoutLookingNamesUp() {
        assertThat(ApiKeyFilter.isLoopback("127.0.0.1")).isTrue();
        assertThat(ApiKeyFilter.isLoopback("127.8.0.1")).isTrue();
        assertThat(ApiKeyFilter.isLoopback("::1")).isTrue();
        assertThat(ApiKeyFilter.isLoopback("localhost")).isFalse();
        assertThat(ApiKeyFilter.isLoopback("10.0.0.1")).isFalse();
        assertThat(ApiKeyFilter.isLoopback(null)).isFalse();
    }
}
