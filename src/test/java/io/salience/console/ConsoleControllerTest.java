package io.salience.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.Misclassification;
import io.salience.support.TrainedCheckpointTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The console's pages and fragments through MockMvc: their models and what they render. */
class ConsoleControllerTest extends TrainedCheckpointTest {

    @Autowired
    io.salience.checkpoints.CheckpointService checkpointService;

    @Override
    protected long seed() {
        return 71;
    }

    private long jobId() {
        return checkpoints.findById(best).map(Checkpoint::getJobId).orElseThrow();
    }

    @Test
    void theJobsPageOffersEveryRecipeAndDatasetAndEveryField() throws Exception {
        MvcTestResult page = mvc.get().uri("/").exchange();
        assertThat(page).hasStatusOk().hasViewName("console/jobs");
        assertThat(page).model().containsKeys("recipes", "recipesJson", "datasets").containsEntry("root", "./");
        String html = page.getResponse().getContentAsString();
        assertThat(html).contains("<base href=\"./\">", "value=\"reference\"", "value=\"fast-start\"",
                "value=\"cifar10\"", "name=\"augmentation.cutoutSize\"", "name=\"augmentation.startEpoch\"",
                "name=\"scheduler.minLearningRate\"",
                "name=\"initialization.zeroInitResidual\"", "name=\"initialization.whitenStem\"", "name=\"schedule\"",
                "name=\"warmupSteps\"", "name=\"gradientClipNorm\"",
                "id=\"err-augmentation-cutoutSize\"");
        // No absolute link: the console works under any path prefix.
        assertThat(html).doesNotContain("href=\"/", "src=\"/", "hx-get=\"/");
    }

    @Test
    void theJobsTableShowsStatusProgressAndActions() {
        MvcTestResult table = mvc.get().uri("/console/jobs").exchange();
        assertThat(table).hasStatusOk().model().containsKey("rows");
        @SuppressWarnings("unchecked")
        List<JobRow> rows = (List<JobRow>) table.getMvcResult().getModelAndView().getModel().get("rows");
        JobRow row = rows.stream().filter(r -> r.id() == jobId()).findFirst().orElseThrow();
        assertThat(row.status()).isEqualTo("SUCCEEDED");
        assertThat(row.percent()).isEqualTo(100);
        assertThat(row.bestAccuracy()).endsWith("%");
        assertThat(table).bodyText().contains("href=\"jobs/" + jobId() + "\"", "data-delete-job=\"" + jobId() + "\"",
                "<progress");
    }

    @Test
    void aJobPageHasItsSummaryCurvesAndRequest() {
        long job = jobId();
        MvcTestResult page = mvc.get().uri("/jobs/{id}", job).exchange();
        assertThat(page).hasStatusOk().hasViewName("console/job").model().containsEntry("root", "../");
        // A finished job has no event stream to follow.
        assertThat(page).bodyText().contains("<base href=\"../\">", "&quot;epochs&quot; : ", "id=\"chart-accuracy\"")
                .doesNotContain("sse-connect");
        MvcTestResult summary = mvc.get().uri("/console/jobs/{id}/summary", job).exchange();
        assertThat(summary).hasStatusOk().bodyText().contains("SUCCEEDED", "href=\"checkpoints/" + best + "\"",
                "<table class=\"epochs\">", "<td>0.001</td>");
    }

    @Test
    void theGalleryPagesAndFiltersMistakesMostConfidentFirst() {
        List<Misclassification> all = checkpointService.allMistakes(best);
        assertThat(all).isNotEmpty();
        MvcTestResult gallery = mvc.get().uri("/console/checkpoints/{id}/gallery", best).exchange();
        assertThat(gallery).hasStatusOk().model().containsEntry("total", (long) all.size());
        Misclassification first = all.get(0);
        MvcTestResult filtered = mvc.get().uri("/console/checkpoints/{id}/gallery?trueClass={t}&predictedClass={p}",
                best, first.getTrueClass(), first.getPredictedClass()).exchange();
        long expected = all.stream().filter(m -> m.getTrueClass() == first.getTrueClass()
                && m.getPredictedClass() == first.getPredictedClass()).count();
        assertThat(filtered).hasStatusOk().model().containsEntry("total", expected);
        assertThat(filtered).bodyText().contains("loading=\"lazy\"", "explain/" + first.getImageId(), "Show all",
                "<option value=\"" + first.getTrueClass() + "\" selected=\"selected\"");
    }

    @Test
    void theConfusionMatrixCellsFilterTheGallery() {
        MvcTestResult matrix = mvc.get().uri("/console/checkpoints/{id}/confusion", best).exchange();
        assertThat(matrix).hasStatusOk().model().containsKeys("rows", "labels");
        Misclassification m = checkpointService.allMistakes(best).get(0);
        assertThat(matrix).bodyText().contains("gallery?trueClass=" + m.getTrueClass() + "&amp;predictedClass="
                + m.getPredictedClass());
    }

    @Test
    void theExplanationPanelShowsTopThreeAndTheChosenMap() {
        int image = checkpointService.allMistakes(best).get(0).getImageId();
        MvcTestResult panel = mvc.get().uri("/console/checkpoints/{id}/explain/{image}?method=layercam&layer=layer3&layer=layer4&opacity=0.7",
                best, image).exchange();
        assertThat(panel).hasStatusOk().model().containsEntry("method", "layercam");
        assertThat(panel).bodyText().contains("gradcam/" + image + ".png?scale=6&amp;method=layercam&amp;layer=layer3%2Clayer4",
                "alpha=0.7", "<ol class=\"top3\"");
        assertThat(((io.salience.explain.Predictions) panel.getMvcResult().getModelAndView().getModel().get("predictions"))
                .predictions()).hasSize(3);
    }

    @Test
    void theMapsCaptionNamesTheClassItExplains() {
        Misclassification m = checkpointService.allMistakes(best).get(0);
        MvcTestResult predicted = mvc.get().uri("/console/checkpoints/{id}/explain/{image}", best, m.getImageId())
                .exchange();
        var model = predicted.getMvcResult().getModelAndView().getModel();
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) model.get("labels");
        String top = ((io.salience.explain.Predictions) model.get("predictions")).predictions().get(0).label();
        assertThat(predicted).hasStatusOk().bodyText().contains("gradcam of " + top + " at layer4");
        assertThat(mvc.get().uri("/console/checkpoints/{id}/explain/{image}?target=true", best, m.getImageId()).exchange())
                .hasStatusOk().bodyText().contains("gradcam of " + labels.get(m.getTrueClass()) + " at layer4");
        assertThat(mvc.get().uri("/console/checkpoints/{id}/explain/{image}?target=2&method=layercam", best,
                m.getImageId()).exchange()).bodyText().contains("layercam of " + labels.get(2) + " at layer4");
    }

    @Test
    void aCheckpointLinkCanOpenAnImagesExplanation() {
        int image = checkpointService.allMistakes(best).get(0).getImageId();
        assertThat(mvc.get().uri("/checkpoints/{id}?image={image}", best, image).exchange()).hasStatusOk().bodyText()
                .contains("hx-get=\"console/checkpoints/" + best + "/explain/" + image + "\"");
        assertThat(mvc.get().uri("/checkpoints/{id}", best).exchange()).bodyText().contains("Pick an image");
    }

    @Test
    void badInputAndUnknownThingsAreSaidPlainlyInHtml() {
        int image = checkpointService.allMistakes(best).get(0).getImageId();
        // A fragment's problem is a 200 notice so that htmx shows it in place.
        MvcTestResult bad = mvc.get().uri("/console/checkpoints/{id}/explain/{image}?method=nope&layer=layer9", best, image)
                .header("HX-Request", "true").exchange();
        assertThat(bad).hasStatusOk().bodyText().contains("method: unknown method &#39;nope&#39;", "layer: ", "layer9");
        MvcTestResult missing = mvc.get().uri("/jobs/{id}", 987654).accept(MediaType.TEXT_HTML).exchange();
        assertThat(missing).hasStatus(404).bodyText().contains("job 987654 does not exist").doesNotContain("Exception");
        // Typos in the address are the person's, answered as such, never as a server failure.
        for (String path : new String[] {"/checkpoints/abc", "/checkpoints/" + best + "?image=abc",
                "/console/jobs/abc/summary", "/console/checkpoints/" + best + "/gallery?page=abc"}) {
            assertThat(mvc.get().uri(path).accept(MediaType.TEXT_HTML).exchange()).as(path).hasStatus(400)
                    .bodyText().contains("is not a valid value for").doesNotContain("went wrong");
        }
        assertThat(mvc.get().uri("/console/checkpoints/{id}/gallery?trueClass=42", best).header("HX-Request", "true")
                .exchange()).hasStatusOk().bodyText().contains("not 42");
    }

    @Test
    void underAContextPathTheBaseStillLeadsBackToTheRoot() {
        MvcTestResult page = mvc.get().uri("/salience/checkpoints/{id}", best).contextPath("/salience").exchange();
        assertThat(page).hasStatusOk().bodyText().contains("<base href=\"../\">", "hx-get=\"console/checkpoints/" + best
                + "/gallery\"");
        // A proxy's prefix (X-Forwarded-Prefix) changes nothing either: no link names the root.
        MvcTestResult behindProxy = mvc.get().uri("/").header("X-Forwarded-Prefix", "/tools/salience").exchange();
        assertThat(behindProxy).hasStatusOk().bodyText().contains("<base href=\"./\">").doesNotContain("/tools/salience");
    }

    @Test
    void tryAndComparePagesListCheckpointsAndJobs() {
        assertThat(mvc.get().uri("/try?checkpoint={id}", best).exchange()).hasStatusOk().model()
                .containsEntry("selected", best);
        MvcTestResult compare = mvc.get().uri("/compare?jobs={a}", jobId()).exchange();
        assertThat(compare).hasStatusOk().model().containsEntry("selected", List.of(jobId()));
        assertThat(compare).bodyText().contains("data-jobs=\"" + jobId() + "\"");
    }

    @Test
    void scriptsAndStylesComeFromTheJarNotACdn() {
        for (String path : List.of("/webjars/htmx.org/dist/htmx.min.js", "/webjars/htmx-ext-sse/sse.js",
                "/webjars/uplot/dist/uPlot.iife.min.js", "/webjars/uplot/dist/uPlot.min.css", "/assets/console.js",
                "/assets/console.css", "/assets/favicon.svg")) {
            assertThat(mvc.get().uri(path).exchange()).as(path).hasStatusOk();
        }
        assertThat(mvc.get().uri("/").exchange()).bodyText().doesNotContain("https://", "http://");
    }
}
