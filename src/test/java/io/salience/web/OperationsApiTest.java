package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Health groups, Prometheus metrics and the API key as a deployment sees them. */
class OperationsApiTest extends IntegrationTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void readinessCoversDatabaseStorageAndEngine() {
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.status").isEqualTo("UP");
            assertThat(json).extractingPath("$.components.db.status").isEqualTo("UP");
            assertThat(json).extractingPath("$.components.storage.status").isEqualTo("UP");
            assertThat(json).extractingPath("$.components.engine.details.device").isEqualTo("cpu()");
        });
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
    }

    @Test
    void prometheusExposesTheServicesOwnMeters() {
        mvc.get().uri("/api/model/summary").exchange();
        assertThat(mvc.get().uri("/actuator/prometheus")).hasStatusOk().bodyText()
                .contains("salience_jobs{status=\"QUEUED\"}")
                .contains("salience_model_cache_requests_total{result=\"miss\"}")
                .contains("salience_training_images_per_second")
                .contains("salience_training_epoch_duration_seconds")
                .contains("salience_explain_pending")
                .contains("salience_explain_cached_bytes");
    }

    @Test
    void withoutAKeyStrangersCannotStartJobsButCanRead() {
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("{}")
                .with(request -> {
                    request.setRemoteAddr("203.0.113.9");
                    return request;
                }))
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.detail").asString().contains("salience.security.api-key");
        assertThat(mvc.get().uri("/api/jobs").with(request -> {
            request.setRemoteAddr("203.0.113.9");
            return request;
        })).hasStatusOk();
    }

    @Test
    void swaggerOffersTheKey() {
        assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson()
                .extractingPath("$.components.securitySchemes.apiKey.name").isEqualTo("X-API-Key");
    }
}
