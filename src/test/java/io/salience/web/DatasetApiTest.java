package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.Datasets;
import io.salience.support.IntegrationTest;
import io.salience.support.TestDatasets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

class DatasetApiTest extends IntegrationTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void describesTheConfiguredDatasetWithItsRealSizes() throws Exception {
        Datasets.prepared(mvc, "cifar10");
        assertThat(mvc.get().uri("/api/datasets/cifar10")).hasStatusOk().bodyJson().satisfies(json -> {
            assertThat(json).extractingPath("$.name").isEqualTo("cifar10");
            assertThat(json).extractingPath("$.format").isEqualTo("cifar10-binary");
            assertThat(json).extractingPath("$.trainSize").isEqualTo(TRAIN_SIZE);
            assertThat(json).extractingPath("$.testSize").isEqualTo(TEST_SIZE);
            assertThat(json).extractingPath("$.available").isEqualTo(true);
            assertThat(json).extractingPath("$.state").isEqualTo("ready");
            assertThat(json).extractingPath("$.classes").asArray().containsExactlyElementsOf(TestDatasets.CLASSES);
        });
        assertThat(mvc.get().uri("/api/datasets")).hasStatusOk().bodyJson()
                .extractingPath("$[*].name").asArray().containsExactly("cifar10");
    }

    @Test
    void servesATestImageUpscaledByNearestNeighbour() throws Exception {
        Datasets.prepared(mvc, "cifar10");
        MvcTestResult result = mvc.get().uri("/api/datasets/cifar10/test/3.png").exchange();
        assertThat(result).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
        assertThat(image.getWidth()).isEqualTo(128);
        assertThat(image.getHeight()).isEqualTo(128);
        // Test record 3 has label 3; its pixels scatter around that class's colour.
        int rgb = image.getRGB(64, 64);
        assertThat((rgb >> 16) & 0xFF).isBetween(TestDatasets.classColour(3, 0) - 30, TestDatasets.classColour(3, 0) + 30);
        assertThat(image.getRGB(0, 0)).isEqualTo(image.getRGB(3, 3)); // one source pixel = a 4x4 block

        MvcTestResult small = mvc.get().uri("/api/datasets/cifar10/test/3.png?scale=1").exchange();
        assertThat(ImageIO.read(new ByteArrayInputStream(small.getResponse().getContentAsByteArray())).getWidth())
                .isEqualTo(32);
    }

    @Test
    void badRequestsAreProblemsNamingTheFault() throws Exception {
        Datasets.prepared(mvc, "cifar10");
        assertThat(mvc.get().uri("/api/datasets/imagenet")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.detail").asString().contains("imagenet");
        assertThat(mvc.get().uri("/api/datasets/cifar10/test/50.png").accept(MediaType.IMAGE_PNG, MediaType.ALL))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyText().contains("out of range");
        assertThat(mvc.get().uri("/api/datasets/cifar10/test/0.png?scale=17")).hasStatus(HttpStatus.BAD_REQUEST)
                .bodyText().contains("scale");
        assertThat(mvc.get().uri("/api/datasets/cifar10/test/abc.png")).hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
