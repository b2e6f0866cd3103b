package io.salience.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.salience.charts.MetricsChart;
import io.salience.checkpoints.CheckpointService;
import io.salience.data.ImagePng;
import io.salience.jobs.JobService;
import io.salience.jobs.TrainingJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/jobs")
@Validated
@Tag(name = "Jobs", description = "Start, watch, cancel and delete training jobs")
public class JobController {

    private final JobService jobs;
    private final CheckpointService checkpoints;

    public JobController(JobService jobs, CheckpointService checkpoints) {
        this.jobs = jobs;
        this.checkpoints = checkpoints;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Queue a training job; every field is optional (defaults: the reference recipe)")
    @ApiResponse(responseCode = "202", description = "queued; Location names the job")
    public ResponseEntity<JobView> submit(@Valid @RequestBody(required = false) JobRequest request) {
        JobRequest body = request == null ? JobRequest.empty() : request;
        TrainingJob job = jobs.submit(body.toSettings());
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.getId())).body(view(job));
    }

    @GetMapping
    @Operation(summary = "Jobs, newest first")
    public PageView<JobView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(jobs.list(page, size), this::view);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One job: status, progress, throughput, ETA, best accuracy")
    public JobView get(@PathVariable long id) {
        return view(jobs.get(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job: a queued job at once, a running one before its next batch")
    @ApiResponse(responseCode = "202", description = "cancelled (queued) or asked to stop (running); 409 once finished")
    public ResponseEntity<JobView> cancel(@PathVariable long id) {
        return ResponseEntity.accepted().body(view(jobs.cancel(id)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a job that is not running, with its metrics, checkpoints and files (409 while it runs)")
    @ApiResponse(responseCode = "204", description = "deleted")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        jobs.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/metrics")
    @Operation(summary = "Per-epoch loss, accuracy, learning rate and duration")
    public List<MetricView> metrics(@PathVariable long id) {
        return jobs.metrics(id).stream().map(MetricView::of).toList();
    }

    @GetMapping("/{id}/steps")
    @Operation(summary = "Per-step training loss, learning rate used and gradient norm, every step-log-interval steps")
    public List<StepView> steps(@PathVariable long id,
            @RequestParam(defaultValue = "0") @Min(0) long after) {
        return jobs.steps(id, after).stream().map(StepView::of).toList();
    }

    @GetMapping(value = "/{id}/metrics.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "Loss and accuracy per epoch, train and test, and the per-step training loss (log scale)")
    public byte[] metricsPng(@PathVariable long id) {
        List<MetricsChart.Point> points = jobs.metrics(id).stream().map(m -> new MetricsChart.Point(m.getEpoch(),
                m.getTrainLoss(), m.getTestLoss(), m.getTrainAccuracy(), m.getTestAccuracy())).toList();
        List<MetricsChart.Step> steps = jobs.steps(id, 0).stream()
                .map(s -> new MetricsChart.Step(s.getStep(), s.getLoss())).toList();
        return ImagePng.png(MetricsChart.render("Job " + id + " (" + jobs.get(id).getDataset() + ")", points, steps));
    }

    @GetMapping(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: 'progress' during batches, 'epoch' per finished epoch, 'status' changes")
    public SseEmitter events(@PathVariable long id) {
        return jobs.subscribe(id);
    }

    @GetMapping("/{id}/checkpoints")
    @Operation(summary = "The job's LAST and BEST checkpoints")
    public List<CheckpointView> checkpoints(@PathVariable long id) {
        jobs.get(id);
        return checkpoints.forJob(id).stream().map(CheckpointView::of).toList();
    }

    private JobView view(TrainingJob job) {
        return JobView.of(job, jobs.settings(job));
    }
}
