package io.salience.console;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.data.DatasetRegistry;
import io.salience.explain.cam.CamMethods;
import io.salience.jobs.JobService;
import io.salience.jobs.TrainingJob;
import io.salience.model.FeatureLayer;
import io.salience.training.LearningRateSchedule;
import io.salience.training.Recipes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's pages. Each page is rendered with what it shows first; live parts are fragments
 * ({@link ConsoleFragments}) that htmx reloads, and actions call the JSON API from the browser, so
 * its validation, problem details and API-key rules are the console's too. Every link is relative
 * to the page's {@code <base>}, the application's root, so the console works under a path prefix.
 */
@Controller
public class ConsolePages {

    private final JobService jobs;
    private final CheckpointService checkpoints;
    private final DatasetRegistry datasets;
    private final CamMethods methods;
    private final JsonMapper json;

    public ConsolePages(JobService jobs, CheckpointService checkpoints, DatasetRegistry datasets, CamMethods methods,
            JsonMapper json) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.datasets = datasets;
        this.methods = methods;
        this.json = json;
    }

    /** The page's way back to the application's root, as the API-key filter computes it. */
    static String root(HttpServletRequest request) {
        return io.salience.security.ApiKeyFilter.relativeRoot(request);
    }

    private void common(Model model, HttpServletRequest request, String page) {
        model.addAttribute("root", root(request));
        model.addAttribute("page", page);
    }

    @GetMapping("/")
    public String jobs(Model model, HttpServletRequest request) {
        common(model, request, "jobs");
        model.addAttribute("recipes", Recipes.ALL);
        model.addAttribute("recipesJson", json.writeValueAsString(Recipes.ALL));
        model.addAttribute("datasets", datasets.names());
        model.addAttribute("schedules", LearningRateSchedule.names());
        return "console/jobs";
    }

    @GetMapping("/jobs/{id}")
    public String job(@PathVariable long id, Model model, HttpServletRequest request) {
        common(model, request, "job");
        TrainingJob job = jobs.get(id);
        model.addAttribute("job", JobRow.of(job));
        model.addAttribute("error", job.getError());
        model.addAttribute("requestJson", json.writerWithDefaultPrettyPrinter().writeValueAsString(jobs.settings(job)));
        return "console/job";
    }

    @GetMapping("/checkpoints/{id}")
    public String checkpoint(@PathVariable long id,
            @RequestParam(name = "image", required = false) Integer image, Model model, HttpServletRequest request) {
        common(model, request, "checkpoint");
        model.addAttribute("image", image);
        Checkpoint checkpoint = checkpoints.get(id);
        TrainingJob job = jobs.get(checkpoint.getJobId());
        model.addAttribute("checkpoint", checkpoint);
        model.addAttribute("job", JobRow.of(job));
        model.addAttribute("labels", datasets.describe(job.getDataset()).classes());
        model.addAttribute("methods", methods.all());
        model.addAttribute("layers", Arrays.stream(FeatureLayer.values()).map(FeatureLayer::id).toList());
        return "console/checkpoint";
    }

    @GetMapping("/try")
    public String tryImage(@RequestParam(name = "checkpoint", required = false) Long checkpoint, Model model,
            HttpServletRequest request) {
        common(model, request, "try");
        List<Checkpoint> recent = checkpoints.list(null, 0, 100).getContent();
        model.addAttribute("checkpoints", recent);
        model.addAttribute("selected", checkpoint != null ? checkpoint
                : recent.isEmpty() ? null : recent.get(0).getId());
        model.addAttribute("methods", methods.all());
        return "console/try";
    }

    @GetMapping("/compare")
    public String compare(@RequestParam(name = "jobs", required = false) List<Long> selected, Model model,
            HttpServletRequest request) {
        common(model, request, "compare");
        model.addAttribute("jobs", jobs.list(0, 100).getContent().stream().map(JobRow::of).toList());
        model.addAttribute("selected", selected == null ? List.of() : selected);
        return "console/compare";
    }
}
