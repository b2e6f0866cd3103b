package io.salience.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's key check: a browser that gives the right key gets a session that may read when
 * {@code protect-reads} is on (images in {@code <img>} tags cannot send headers). Actions still
 * need the key in {@code X-API-Key}, which the console sends from the tab's session storage.
 */
@RestController
public class ApiKeySessionController {

    private final byte[] key;

    public ApiKeySessionController(SecurityProperties properties) {
        this.key = properties.hasKey() ? properties.apiKey().getBytes(StandardCharsets.UTF_8) : null;
    }

    @PostMapping("/console/session")
    public ResponseEntity<?> open(@RequestParam(name = "key", required = false) String given,
            HttpServletRequest request) {
        if (key == null) {
            return ResponseEntity.noContent().build(); // no key configured: nothing to verify
        }
        if (!ApiKeyFilter.matches(key, given)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "that is not this service's API key");
            problem.setTitle("Unauthorized");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // a new id once verified, against session fixation
        session.setAttribute(ApiKeyFilter.SESSION_VERIFIED, Boolean.TRUE);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/console/session")
    public ResponseEntity<Void> close(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.noContent().build();
    }
}
