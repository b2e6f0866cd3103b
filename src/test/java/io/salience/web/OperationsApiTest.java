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
    @SuppressWarnings("unchecked")
    void swaggerOffersTheKeyOnExactlyTheOperationsThatNeedIt() throws Exception {
        var docs = mvc.get().uri("/v3/api-docs").exchange();
        assertThat(docs).hasStatusOk().bodyJson()
                .extractingPath("$.components.securitySchemes.apiKey.name").isEqualTo("X-API-Key");
        java.util.Map<String, Object> paths = (java.util.Map<String, Object>) new tools.jackson.databind.json.JsonMapper()
                .readValue(docs.getResponse().getContentAsString(), java.util.Map.class).get("paths");
        java.util.List<String> keyed = new java.util.ArrayList<>();
        paths.forEach((path, item) -> ((java.util.Map<String, Object>) item).forEach((method, operation) -> {
            if (((java.util.Map<String, Object>) operation).containsKey("security")) {
                keyed.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }));
        assertThat(keyed).contains("POST /api/jobs", "POST /api/jobs/{id}/cancel", "DELETE /api/jobs/{id}",
                "POST /api/datasets/{name}/prepare", "POST /api/checkpoints/{id}/faithfulness-reports",
                "POST /api/faithfulness-reports/{id}/cancel");
        assertThat(keyed).noneMatch(op -> op.startsWith("GET "))
                .doesNotContain("POST /api/checkpoints/{id}/predictions", "POST /api/checkpoints/{id}/gradcam");

        // The statuses the operations really answer, and problems for everything else.
        java.util.function.BiFunction<String, String, java.util.Map<String, Object>> responses = (path, method) ->
                (java.util.Map<String, Object>) ((java.util.Map<String, Object>) ((java.util.Map<String, Object>)
                        paths.get(path)).get(method)).get("responses");
        assertThat(responses.apply("/api/jobs", "post")).containsKeys("202", "4XX", "5XX");
        assertThat(responses.apply("/api/jobs/{id}", "delete")).containsKeys("204", "4XX");
        assertThat(responses.apply("/api/datasets/{name}/prepare", "post")).containsKeys("200", "202");
        assertThat(responses.apply("/api/checkpoints/{id}/gradcam/{imageId}.png", "get")).containsKeys("200", "202", "5XX");
        assertThat(responses.apply("/api/checkpoints/{id}/misclassified", "get")).containsKeys("200", "202");
        assertThat((java.util.Map<String, Object>) ((java.util.Map<String, Object>) responses.apply("/api/jobs", "post")
                .get("4XX")).get("content")).containsKey("application/problem+json");
    }
}
