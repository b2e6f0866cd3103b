package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.TrainedCheckpointTest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Every explanation method, layer lists, smoothing, comparisons and faithfulness through HTTP. */
class ExplanationMethodsApiTest extends TrainedCheckpointTest {

    static final List<String> METHODS = List.of("gradcam", "ablationcam", "eigencam", "eigengradcam", "gradcam++",
            "hirescam", "integrated-gradients", "layercam", "scorecam", "xgradcam");

    @Override
    protected long seed() {
        return 5;
    }

    /** GETs until the answer is not 202 (the explanation was still being computed), honouring Retry-After. */
    private MvcTestResult ready(String uri, Object... vars) {
        for (int attempt = 0; attempt < 120; attempt++) {
            MvcTestResult result = mvc.get().uri(uri, vars).exchange();
            if (result.getResponse().getStatus() != HttpStatus.ACCEPTED.value()) {
                return result;
            }
            assertThat(result.getResponse().getHeader("Retry-After")).isNotBlank();
            sleep(Long.parseLong(result.getResponse().getHeader("Retry-After")) * 1000);
        }
        throw new AssertionError(uri + " still computing after two minutes");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BufferedImage image(MvcTestResult result) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(MvcTestResult result) {
        return json.readValue(result.getResponse().getContentAsByteArray(), Map.class);
    }

    @Test
    void listsEveryMethodWithGradCamFirst() {
        assertThat(mvc.get().uri("/api/cam-methods")).hasStatusOk().bodyJson().satisfies(b -> {
            assertThat(b).extractingPath("$[*].id").asArray().containsExactlyElementsOf(METHODS);
            assertThat(b).extractingPath("$[6].usesLayer").isEqualTo(false);
            assertThat(b).extractingPath("$[0].description").asString().contains("Selvaraju");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMethodServesARawMapAndAnOverlay() throws IOException {
        for (String method : METHODS) {
            Map<String, Object> map = body(ready("/api/checkpoints/{id}/gradcam/3?method={m}", best, method));
            assertThat(map.get("method")).as(method).isEqualTo(method);
            List<Number> values = (List<Number>) map.get("values");
            boolean input = method.equals("integrated-gradients");
            assertThat(map.get("layer")).isEqualTo(input ? "input" : "layer4");
            assertThat(values).as(method).hasSize(input ? 1024 : 16)
                    .allSatisfy(v -> assertThat(v.doubleValue()).isGreaterThanOrEqualTo(0));
            assertThat(((Map<String, Object>) map.get("prediction")).get("trueClass")).isEqualTo(3);

            MvcTestResult png = ready("/api/checkpoints/{id}/gradcam/3.png?method={m}&scale=2", best, method);
            assertThat(png).as(method).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
            assertThat(image(png).getWidth()).isEqualTo(64);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void layerListsAndSmoothingGiveImageSizedMaps() {
        Map<String, Object> both = body(ready("/api/checkpoints/{id}/gradcam/4?method=layercam&layer=layer4,layer3", best));
        assertThat(both.get("layer")).isEqualTo("layer3,layer4");
        assertThat((List<Number>) both.get("values")).hasSize(1024);

        Map<String, Object> smoothed = body(ready("/api/checkpoints/{id}/gradcam/4?smooth=aug,eigen&layer=layer3", best));
        assertThat(smoothed.get("smooth")).isEqualTo("aug,eigen");
        assertThat(smoothed.get("width")).isEqualTo(32);
        Map<String, Object> eigen = body(ready("/api/checkpoints/{id}/gradcam/4?smooth=eigen&layer=layer3", best));
        assertThat(eigen.get("width")).isEqualTo(8);
        assertThat(eigen.get("values")).isNotEqualTo(body(ready("/api/checkpoints/{id}/gradcam/4?layer=layer3", best))
                .get("values"));
    }

    @Test
    void gridsUploadsAndComparisonsFollowTheMisclassifiedOrder() throws IOException {
        String ids = ready("/api/checkpoints/{id}/misclassified.png?limit=3", best).getResponse().getHeader("X-Image-Ids");
        assertThat(ids).isNotBlank();
        assertThat(ready("/api/checkpoints/{id}/gradcam.png?limit=3&method=hirescam&layer=layer3,layer4&smooth=aug", best))
                .hasStatusOk().headers().hasValue("X-Image-Ids", ids);
        MvcTestResult grid = ready("/api/checkpoints/{id}/explanations.png?limit=3&methods=gradcam,eigencam", best);
        assertThat(grid).hasStatusOk().hasContentType(MediaType.IMAGE_PNG).headers().hasValue("X-Image-Ids", ids);
        BufferedImage row = image(ready("/api/checkpoints/{id}/explanations/{img}.png?methods=gradcam,scorecam,xgradcam",
                best, ids.split(",")[0]));
        // Image and three overlays side by side, each at least 128 pixels wide.
        assertThat(row.getWidth()).isGreaterThanOrEqualTo(4 * 128);
        assertThat(image(grid).getWidth()).isGreaterThanOrEqualTo(3 * 128).isLessThan(row.getWidth());

        MockMultipartFile upload = new MockMultipartFile("image", "x.png", "image/png",
                ExplanationApiTest.pngOf(40, 40, 0x336699));
        MvcTestResult overlay = mvc.post().uri("/api/checkpoints/{id}/gradcam?method=eigencam&scale=3", best).multipart()
                .file(upload).exchange();
        assertThat(overlay).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        assertThat(image(overlay).getWidth()).isEqualTo(96);

        assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified?limit=1&method=scorecam", best))
                .hasStatusOk().bodyJson().satisfies(b -> {
                    assertThat(b).extractingPath("$.items[0].gradcamUrl").asString().endsWith(".png?method=scorecam");
                    assertThat(b).extractingPath("$.items[0].explanationsUrl").asString().contains("/explanations/");
                    assertThat(b).extractingPath("$.items[0].faithfulnessUrl").asString().contains("/faithfulness/");
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void faithfulnessComesWithTheRandomBaseline() {
        Map<String, Object> f = body(ready("/api/checkpoints/{id}/faithfulness/6?method=gradcam++&layer=layer3", best));
        assertThat(f.get("method")).isEqualTo("gradcam++");
        assertThat((List<Integer>) f.get("percentiles")).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
        double probability = ((Number) f.get("probability")).doubleValue();
        assertThat(probability).isBetween(0.0, 1.0);
        for (String which : List.of("map", "random")) {
            Map<String, Object> m = (Map<String, Object>) f.get(which);
            assertThat((List<Number>) m.get("morf")).hasSize(9);
            assertThat((List<Number>) m.get("lerf")).hasSize(9);
            List<Number> deletion = (List<Number>) m.get("deletion");
            assertThat(deletion).hasSize(10);
            assertThat(deletion.get(0).doubleValue()).isEqualTo(probability);
            assertThat((List<Number>) m.get("insertion")).hasSize(11);
            assertThat(((Number) m.get("deletionAuc")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(((Number) m.get("insertionAuc")).doubleValue()).isBetween(0.0, 1.0);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyBadParameterIsNamed() {
        MvcTestResult bad = mvc.get().uri("/api/checkpoints/{id}/gradcam/1?method=magic&layer=layer3,layer9&smooth=blurry"
                + "&steps=1&baseline=grey&target=zebra", best).exchange();
        assertThat(bad).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) body(bad).get("errors");
        assertThat(errors).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("method", "layer", "smooth", "steps", "baseline", "target");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/1.png?method=integrated-gradients&smooth=eigen", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("smooth");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/1?steps=many", best))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyText().contains("'many' is not a valid value for steps").doesNotContain("java.lang");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/explanations/1.png?methods=gradcam,nope", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("methods");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/faithfulness/1?layer=layer0", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("layer");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified?method=nope", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("method");
        MvcTestResult classes = mvc.get().uri("/api/checkpoints/{id}/misclassified?method=nope&trueClass=10&predictedClass=42",
                best).exchange();
        assertThat(classes).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat((List<Map<String, Object>>) body(classes).get("errors")).extracting(e -> e.get("field"))
                .containsExactlyInAnyOrder("method", "trueClass", "predictedClass");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified?trueClass=9", best)).hasStatusOk();
        assertThat(mvc.get().uri("/api/checkpoints/{id}/faithfulness/{img}", best, TEST_SIZE))
                .hasStatus(HttpStatus.NOT_FOUND);
        // The drawing's parameters join the query's in the same 400 instead of hiding them.
        for (String[] c : new String[][] {
                {"/gradcam/1.png?method=bogus&layer=layer9&alpha=7&scale=0", "method,layer,alpha,scale"},
                {"/gradcam.png?limit=0&method=bogus&alpha=5&target=zebra", "limit,method,alpha,target"},
                {"/explanations.png?limit=101&methods=nope&scale=0&smooth=x", "limit,methods,scale,smooth"},
                {"/explanations/1.png?methods=gradcam,nope&alpha=-1", "methods,alpha"},
                {"/misclassified.png?limit=0&scale=99", "limit,scale"},
                // Empty names in a list are refused, never taken as an empty list.
                {"/gradcam/1.png?layer=,", "layer,layer"}, {"/gradcam/1?layer=layer4,", "layer"},
                {"/explanations/1.png?methods=,", "methods"}, {"/gradcam/1?smooth=aug,", "smooth"}}) {
            MvcTestResult result = mvc.get().uri("/api/checkpoints/{id}" + c[0], best).exchange();
            assertThat(result).as(c[0]).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat((List<Map<String, Object>>) body(result).get("errors")).as(c[0]).extracting(e -> e.get("field"))
                    .containsExactlyInAnyOrder((Object[]) c[1].split(","));
        }
        // Pictures too large to keep are refused before any work: 100 rows of 11 pictures at scale 8.
        assertThat(mvc.get().uri("/api/checkpoints/{id}/explanations.png?limit=100&scale=8", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("million pixels");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam.png?limit=100&scale=16", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("million pixels");
        for (String[] c : new String[][] {{"/gradcam/1.png?alpha=2", "alpha"}, {"/gradcam.png?limit=0", "limit"},
                {"/explanations/1.png?scale=0", "scale"}, {"/predictions/1?k=0", "k"},
                {"/explanations.png?limit=101", "limit"}}) {
            assertThat(mvc.get().uri("/api/checkpoints/{id}" + c[0], best)).as(c[0]).hasStatus(HttpStatus.BAD_REQUEST)
                    .bodyJson().extractingPath("$.errors[0].field").isEqualTo(c[1]);
        }
    }
}
