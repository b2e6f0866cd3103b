package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.jobs.TrainingJobRepository;
import io.salience.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Bodies that are not JSON objects, and requests Tomcat rejects itself, get problem details. */
class BadInputApiTest extends IntegrationTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TrainingJobRepository jobs;

    @LocalServerPort
    int port;

    @Test
    void aBodyThatIsNotAJsonObjectIsRefusedNamingTheBody() {
        long before = jobs.count();
        for (String body : new String[] {"null", "[]", "[{\"epochs\": 1}]", "5", "\"reference\"", "{\"epochs\": 1"}) {
            assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content(body))
                    .as(body).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson().extractingPath("$.errors[0].field").isEqualTo("body");
        }
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"epochs\": \"many\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("epochs");
        assertThat(mvc.post().uri("/api/checkpoints/1/faithfulness-reports").contentType(MediaType.APPLICATION_JSON)
                .content("null")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field")
                .isEqualTo("body");
        // Nothing was queued by any of them.
        assertThat(jobs.count()).isEqualTo(before);
    }

    /** JSON values of the wrong kind are refused, never rounded or converted into something else. */
    @Test
    void valuesOfTheWrongKindAreNamedNotCoerced() {
        long before = jobs.count();
        String[][] cases = {
            {"{\"epochs\": 1.5}", "epochs", "whole number"},
            {"{\"seed\": 1.9}", "seed", "whole number"},
            {"{\"warmupSteps\": 1.5}", "warmupSteps", "whole number"},
            {"{\"batchSize\": \"64\"}", "batchSize", "whole number"},
            {"{\"learningRate\": \"0.001\"}", "learningRate", "a number"},
            {"{\"initialization\": {\"zeroInitResidual\": 1}}", "initialization.zeroInitResidual", "true or false"},
            {"{\"epochz\": 2}", "epochz", "known: "},
            {"{\"trainLimit\": 99999999999}", "trainLimit", "out of range"},
        };
        for (String[] c : cases) {
            var result = mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content(c[0]).exchange();
            assertThat(result).as(c[0]).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
                    .extractingPath("$.errors[0].field").isEqualTo(c[1]);
            assertThat(result).as(c[0]).bodyText().contains(c[2]).doesNotContain("io.salience").doesNotContain("class ");
        }
        assertThat(jobs.count()).isEqualTo(before);
    }

    @Test
    void requestsTomcatRejectsItselfGetProblemDetails() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/api/jobs/%2e%2e%2f%2e%2e", "/api/jobs/a%5Cb", "/api/jobs/%00"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(path).contains("\"status\":400").doesNotContain("<html").doesNotContain("Tomcat");
        }
    }

    @Test
    void aPathThatIsNoValidUriReferenceStillGetsProblemDetails() throws Exception {
        // "//" and "//api//jobs" cannot be a problem's instance as they are (URI.create reads an authority).
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"//", "//nothing-here", "//api//jobs//999999"}) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).as(path).contains("\"status\":404");
        }
    }
}
