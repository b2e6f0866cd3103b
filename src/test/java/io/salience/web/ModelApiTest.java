package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

class ModelApiTest extends IntegrationTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void summaryReportsTheParameterCountAndLayers() {
        assertThat(mvc.get().uri("/api/model/summary"))
                .hasStatusOk()
                .bodyJson()
                .satisfies(json -> {
                    assertThat(json).extractingPath("$.totalParameters").isEqualTo(11_173_962);
                    assertThat(json).extractingPath("$.trainableParameters").isEqualTo(11_173_962);
                    assertThat(json).extractingPath("$.layers[0].name").isEqualTo("conv1");
                    assertThat(json).extractingPath("$.layers[0].type").isEqualTo("Conv2d");
                    assertThat(json).extractingPath("$.layers[0].outputShape").asArray().containsExactly(-1, 64, 32, 32);
                    assertThat(json).extractingPath("$.layers[0].parameters").isEqualTo(1728);
                });
    }

    @Test
    void summaryForOtherClassCounts() {
        assertThat(mvc.get().uri("/api/model/summary?classes=100"))
                .hasStatusOk()
                .bodyJson().extractingPath("$.totalParameters").isEqualTo(11_173_962 + 90 * 513);
    }

    @Test
    void invalidClassCountIsAProblem() {
        assertThat(mvc.get().uri("/api/model/summary?classes=1"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().satisfies(json -> {
                    assertThat(json).extractingPath("$.status").isEqualTo(400);
                    assertThat(json).extractingPath("$.errors[0].field").isEqualTo("classes");
                });
        assertThat(mvc.get().uri("/api/model/summary?classes=ten"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().extractingPath("$.detail").asString().contains("'ten'");
    }

    @Test
    void unknownRouteIsAProblemNotAStackTrace() {
        assertThat(mvc.get().uri("/api/nothing-here"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyText().doesNotContain("Exception");
    }

    @Test
    void swaggerUiAndApiDocsAreServed() {
        assertThat(mvc.get().uri("/v3/api-docs"))
                .hasStatusOk()
                .bodyJson().extractingPath("$.paths").asMap().containsKey("/api/model/summary");
        assertThat(mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
    }
}
