package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salience.support.IntegrationTest;
import io.salience.support.Jobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** Recipes, the start-up options and the per-step curves, through HTTP. */
class TrainingOptionsApiTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TrainingJobRepository jobs;

    @Autowired
    StepMetricRepository steps;

    @Autowired
    JsonMapper json;

    private long submit(String body) {
        return Jobs.submit(mvc, json, body);
    }

    @Test
    void recipesAreListedWithEveryValueAndWhy() {
        assertThat(mvc.get().uri("/api/recipes")).hasStatusOk().bodyJson().satisfies(body -> {
            assertThat(body).extractingPath("$[*].name").asArray().containsExactly("reference", "fast-start");
            assertThat(body).extractingPath("$[0].settings.learningRate").isEqualTo(0.001);
            assertThat(body).extractingPath("$[0].settings.epochs").isEqualTo(40);
            assertThat(body).extractingPath("$[0].settings.initialization.zeroInitResidual").isEqualTo(false);
            assertThat(body).extractingPath("$[0].settings.warmupSteps").isEqualTo(0);
            assertThat(body).extractingPath("$[1].settings.initialization.zeroInitResidual").isEqualTo(true);
            assertThat(body).extractingPath("$[1].settings.initialization.whitenStem").isEqualTo(true);
            assertThat(body).extractingPath("$[1].settings.schedule").isEqualTo("linear");
            assertThat(body).extractingPath("$[0].settings.initialization.whitenStem").isEqualTo(false);
            assertThat(body).extractingPath("$[0].settings.schedule").isEqualTo("plateau");
            assertThat(body).extractingPath("$[1].settings.augmentation.cutoutSize").isEqualTo(8);
            assertThat(body).extractingPath("$[0].settings.augmentation.cutoutSize").isEqualTo(16);
            assertThat(body).extractingPath("$[1].settings.augmentation.startEpoch").isEqualTo(1);
            assertThat(body).extractingPath("$[1].settings.batchSize").isEqualTo(16);
            assertThat(body).extractingPath("$[0].settings.batchSize").isEqualTo(128);
            assertThat(body).extractingPath("$[1].why").asString().isNotBlank();
        });
        assertThat(mvc.get().uri("/api/recipes/fast-start")).hasStatusOk().bodyJson()
                .extractingPath("$.name").isEqualTo("fast-start");
        assertThat(mvc.get().uri("/api/recipes/turbo")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aJobStartsFromItsRecipeAndEveryFieldGivenOverridesIt() {
        long id = submit("""
                {"recipe": "fast-start", "epochs": 2, "batchSize": 8, "trainLimit": 96, "testLimit": 20, "seed": 4,
                 "warmupSteps": 6, "labelSmoothing": 0.1, "gradientClipNorm": 5}""");
        assertThat(mvc.get().uri("/api/jobs/{id}", id)).hasStatusOk().bodyJson().satisfies(body -> {
            assertThat(body).extractingPath("$.request.recipe").isEqualTo("fast-start");
            assertThat(body).extractingPath("$.request.initialization.zeroInitResidual").isEqualTo(true);
            assertThat(body).extractingPath("$.request.initialization.whitenStem").isEqualTo(true);
            assertThat(body).extractingPath("$.request.schedule").isEqualTo("linear");
            assertThat(body).extractingPath("$.request.warmupSteps").isEqualTo(6);
            assertThat(body).extractingPath("$.request.labelSmoothing").isEqualTo(0.1);
            assertThat(body).extractingPath("$.request.gradientClipNorm").isEqualTo(5.0);
            assertThat(body).extractingPath("$.request.epochs").isEqualTo(2);
        });
        assertThat(Jobs.awaitFinished(jobs, id, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);

        // 12 steps per epoch, logged at step 1 and every 10th.
        MvcTestResult result = mvc.get().uri("/api/jobs/{id}/steps", id).exchange();
        assertThat(result).hasStatusOk();
        List<Map<String, Object>> rows = json.readValue(result.getResponse().getContentAsByteArray(), List.class);
        assertThat(rows).extracting(r -> ((Number) r.get("step")).longValue()).containsExactly(1L, 10L, 20L);
        assertThat(rows).extracting(r -> r.get("epoch")).containsExactly(1, 1, 2);
        // The recipe's straight line over the job's 24 steps, from 0.001 to 1e-6, warmed up over the first 6.
        assertThat(((Number) rows.get(0).get("learningRate")).doubleValue()).isCloseTo(0.001 / 6, within(1e-15));
        assertThat(((Number) rows.get(1).get("learningRate")).doubleValue())
                .isCloseTo(1e-6 + (0.001 - 1e-6) * (1 - 9.0 / 24), within(1e-15));
        assertThat(((Number) rows.get(2).get("learningRate")).doubleValue())
                .isCloseTo(1e-6 + (0.001 - 1e-6) * (1 - 19.0 / 24), within(1e-15));
        assertThat(rows).allSatisfy(r -> {
            assertThat(((Number) r.get("loss")).doubleValue()).isPositive();
            assertThat(((Number) r.get("gradientNorm")).doubleValue()).isPositive();
        });
        assertThat(mvc.get().uri("/api/jobs/{id}/steps?after=1", id)).hasStatusOk().bodyJson()
                .extractingPath("$[*].step").asArray().containsExactly(10, 20);
        MvcTestResult png = mvc.get().uri("/api/jobs/{id}/metrics.png", id).exchange();
        assertThat(png).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);

        assertThat(mvc.delete().uri("/api/jobs/{id}", id)).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(steps.findByJobIdAndStepGreaterThanOrderByStepAsc(id, 0)).isEmpty();
        assertThat(mvc.get().uri("/api/jobs/{id}/steps", id)).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void badOptionsAreProblemsNamingEachField() {
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"warmupSteps": -1, "labelSmoothing": 1.0, "gradientClipNorm": -2, "schedule": "step",
                 "augmentation": {"startEpoch": 0}}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("warmupSteps", "labelSmoothing", "gradientClipNorm", "schedule",
                        "augmentation.startEpoch");
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"initialization": {"whitenStem": "yes"}}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().extractingPath("$.errors[*].field").asArray().contains("initialization.whitenStem");
        // An augmentation that would start after the job's last epoch.
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"epochs": 2, "augmentation": {"startEpoch": 3}}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().satisfies(body -> {
                    assertThat(body).extractingPath("$.errors[0].field").isEqualTo("augmentation.startEpoch");
                    assertThat(body).extractingPath("$.errors[0].message").asString().contains("at most", "(2)");
                });
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"recipe": "turbo"}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().satisfies(body -> {
                    assertThat(body).extractingPath("$.errors[0].field").isEqualTo("recipe");
                    assertThat(body).extractingPath("$.errors[0].message").asString().contains("fast-start");
                });
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"initialization": {"zeroInit": true}}"""))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/jobs/{id}/steps?after=-1", 1)).hasStatus(HttpStatus.BAD_REQUEST);
    }
}
