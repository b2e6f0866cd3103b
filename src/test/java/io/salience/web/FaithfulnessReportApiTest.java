package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.TrainedCheckpointTest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Faithfulness reports through HTTP: submit, follow, summarize, chart, reuse, cancel, refuse. */
class FaithfulnessReportApiTest extends TrainedCheckpointTest {

    @Override
    protected long seed() {
        return 6;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(MvcTestResult result) {
        return json.readValue(result.getResponse().getContentAsByteArray(), Map.class);
    }

    private MvcTestResult post(String body) {
        return mvc.post().uri("/api/checkpoints/{id}/faithfulness-reports", best).contentType(MediaType.APPLICATION_JSON)
                .content(body).exchange();
    }

    private Map<String, Object> awaitFinished(Object id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Map<String, Object> report = body(mvc.get().uri("/api/faithfulness-reports/{r}", id).exchange());
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(report.get("status"))) {
                return report;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("report " + id + " did not finish");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReportScoresEveryMethodAgainstTheRandomMapOnce() throws Exception {
        MvcTestResult submitted = post("{\"methods\": [\"gradcam\", \"eigencam\"], \"images\": 12}");
        assertThat(submitted).hasStatus(HttpStatus.ACCEPTED);
        String location = submitted.getResponse().getHeader("Location");
        Object id = body(submitted).get("id");
        assertThat(location).isEqualTo("/api/faithfulness-reports/" + id);

        Map<String, Object> report = awaitFinished(id);
        assertThat(report.get("status")).isEqualTo("SUCCEEDED");
        assertThat(report.get("workTotal")).isEqualTo(24);
        assertThat(report.get("workDone")).isEqualTo(24);
        assertThat(report.get("progress")).isEqualTo(1.0);
        List<Map<String, Object>> methods = (List<Map<String, Object>>) report.get("methods");
        assertThat(methods).extracting(m -> m.get("method")).containsExactly("eigencam", "gradcam");
        for (Map<String, Object> m : methods) {
            assertThat(m.get("images")).isEqualTo(12);
            Map<String, Object> map = (Map<String, Object>) m.get("map");
            assertThat((List<Number>) map.get("morf")).hasSize(9);
            assertThat(((Number) map.get("deletionAuc")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(((Map<String, Object>) m.get("random")).get("road")).isNotNull();
            assertThat(((Number) m.get("beatsRandomOnRoad")).doubleValue()).isBetween(0.0, 1.0);
        }
        assertThat(mvc.get().uri("/api/faithfulness-reports/{r}.png", id)).hasStatusOk()
                .hasContentType(MediaType.IMAGE_PNG);
        assertThat(mvc.get().uri("/api/checkpoints/{id}/faithfulness-reports", best)).hasStatusOk().bodyJson()
                .extractingPath("$[*].id").asArray().contains(id);

        // Computed once: the same request returns the finished report.
        MvcTestResult again = post("{\"methods\": [\"gradcam\", \"eigencam\"], \"images\": 12}");
        assertThat(again).hasStatusOk();
        assertThat(body(again).get("id")).isEqualTo(id);
        assertThat(mvc.post().uri("/api/faithfulness-reports/{r}/cancel", id)).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void aCancelledReportStopsAndKeepsWhatItComputed() throws Exception {
        Object id = body(post("{\"methods\": [\"scorecam\", \"integrated-gradients\"], \"images\": 50}")).get("id");
        assertThat(mvc.post().uri("/api/faithfulness-reports/{r}/cancel", id)).hasStatusOk();
        Map<String, Object> report = awaitFinished(id);
        assertThat(report.get("status")).isEqualTo("CANCELLED");
        assertThat((Integer) report.get("workDone")).isLessThan(100);
        // A cancelled report is not reused: asking again starts a new one.
        Object next = body(post("{\"methods\": [\"scorecam\", \"integrated-gradients\"], \"images\": 50}")).get("id");
        assertThat(next).isNotEqualTo(id);
        mvc.post().uri("/api/faithfulness-reports/{r}/cancel", next).exchange();
        awaitFinished(next);
    }

    /** The reuse key holds the image set itself: [0, 31] and [1, 0] share a 32-bit hash code, not a report. */
    @Test
    void aReportIsReusedOnlyForTheSameImagesAndALongIdListIsStored() throws Exception {
        Object first = body(post("{\"methods\": [\"gradcam\"], \"imageIds\": [0, 31]}")).get("id");
        Object second = body(post("{\"methods\": [\"gradcam\"], \"imageIds\": [1, 0]}")).get("id");
        assertThat(second).isNotEqualTo(first);
        assertThat(awaitFinished(first).get("status")).isEqualTo("SUCCEEDED");
        assertThat(awaitFinished(second).get("status")).isEqualTo("SUCCEEDED");

        // 5,000 listed ids (the limit is 10,000) are about 10,000 characters of request.
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            ids.append(i == 0 ? "" : ",").append(i % 2 == 0 ? 2 : 3);
        }
        MvcTestResult longList = post("{\"methods\": [\"gradcam\"], \"imageIds\": [" + ids + "]}");
        assertThat(longList).hasStatus(HttpStatus.ACCEPTED);
        Map<String, Object> report = awaitFinished(body(longList).get("id"));
        assertThat(report.get("status")).isEqualTo("SUCCEEDED");
        assertThat(report.get("workTotal")).isEqualTo(2);
    }

    @Test
    void badRequestsNameTheirFields() {
        MvcTestResult bad = post("{\"methods\": [\"gradcam\", \"nope\"], \"images\": 0, \"layer\": \"layer9\"}");
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("methods", "images", "layer");
        assertThat(post("{\"imageIds\": [1, 5000]}")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
                .extractingPath("$.errors[0].field").isEqualTo("imageIds");
        assertThat(post("{\"images\": \"many\"}")).hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/faithfulness-reports/987654")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/checkpoints/987654/faithfulness-reports").contentType(MediaType.APPLICATION_JSON)
                .content("{}")).hasStatus(HttpStatus.NOT_FOUND);
    }
}
