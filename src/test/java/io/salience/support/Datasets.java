package io.salience.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Datasets through the API, for tests. */
public final class Datasets {

    private Datasets() {}

    /** Asks the service to prepare the dataset (in the background) and waits until it is ready. */
    public static void prepared(MockMvcTester mvc, String name) throws Exception {
        MvcTestResult prepare = mvc.post().uri("/api/datasets/{name}/prepare", name).exchange();
        assertThat(prepare.getResponse().getStatus()).isIn(200, 202);
        assertThat(prepare.getResponse().getHeader("Location")).isEqualTo("/api/datasets/" + name);
        for (int i = 0; i < 600; i++) {
            if (mvc.get().uri("/api/datasets/{name}", name).exchange().getResponse().getContentAsString()
                    .contains("\"state\":\"ready\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " was not prepared");
    }
}
