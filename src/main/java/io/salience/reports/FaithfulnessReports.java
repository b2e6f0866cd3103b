package io.salience.reports;

import io.salience.charts.FaithfulnessChart;
import io.salience.checkpoints.Checkpoint;
import io.salience.errors.BusyException;
import io.salience.errors.ConflictException;
import io.salience.errors.InvalidInputException;
import io.salience.errors.InvalidInputException.FieldProblem;
import io.salience.errors.NotFoundException;
import io.salience.explain.FaithfulnessService;
import io.salience.explain.FaithfulnessView;
import io.salience.explain.cam.CamMethod;
import io.salience.explain.cam.CamMethods;
import io.salience.explain.cam.CamQuery;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.cam.CamRequests;
import io.salience.explain.faithfulness.FaithfulnessMetrics;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import io.salience.jobs.TrainingProperties;
import jakarta.annotation.PreDestroy;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faithfulness reports: the scores of chosen methods over many test images of a checkpoint,
 * computed in the background (one report at a time, a few images per step, stored as they come
 * so that a restart continues), cancellable, summarized per method against a random map. An
 * equal request for the same checkpoint version returns the report that exists.
 *
 * <p>Instances sharing the database share the reports: each report is claimed by one instance
 * (conditional update), which beats its heartbeat while computing it; another instance takes over
 * a report whose heartbeat stopped for {@code salience.training.heartbeat-timeout}, and a restarted
 * instance takes back its own at once (after two missed beats), as with training jobs.
 */
@Service
public class FaithfulnessReports {

    private static final Logger log = LoggerFactory.getLogger(FaithfulnessReports.class);
    /** Images per step: the unit of progress and of cancellation. */
    static final int CHUNK = 10;
    private static final int MAX_QUEUED = 16;

    private final FaithfulnessReportRepository reports;
    private final FaithfulnessResultRepository results;
    private final MistakeRecorder recorder;
    private final FaithfulnessService faithfulness;
    private final CamRequests requests;
    private final CamMethods methods;
    private final JsonMapper json;
    private final TrainingProperties timing;
    private final String owner;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faithfulness-report");
        t.setDaemon(true);
        return t;
    });
    /** Beats the heartbeat of the report being computed and looks for abandoned ones. */
    private final java.util.concurrent.ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "faithfulness-report-ticker");
                t.setDaemon(true);
                return t;
            });
    /** Reports waiting in this instance's executor or running on it, so a scan never queues one twice. */
    private final java.util.Set<Long> scheduled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Long computing;

    public FaithfulnessReports(FaithfulnessReportRepository reports, FaithfulnessResultRepository results,
            MistakeRecorder recorder, FaithfulnessService faithfulness, CamRequests requests, CamMethods methods,
            JsonMapper json, TrainingProperties timing) {
        this.reports = reports;
        this.results = results;
        this.recorder = recorder;
        this.faithfulness = faithfulness;
        this.requests = requests;
        this.methods = methods;
        this.json = json;
        this.timing = timing;
        this.owner = timing.owner();
    }

    /** What a valid request resolves to. */
    private record Plan(CheckpointScope scope, List<CamRequest> requests, int[] imageIds) {}

    /** Queues a report, or returns the existing one for the same request and checkpoint version. */
    public ReportView submit(long checkpointId, ReportRequest request) {
        ReportRequest r = request == null ? new ReportRequest(null, null, null, null, null, null, null, null) : request;
        Plan plan = plan(recorder.scope(checkpointId), r);
        String version = version(plan.scope().checkpoint());
        String key = key(plan);
        var existing = reports.findFirstByCheckpointIdAndCheckpointVersionAndRequestKeyAndStatusNotIn(checkpointId,
                version, key, List.of(ReportStatus.FAILED, ReportStatus.CANCELLED));
        if (existing.isPresent()) {
            return view(existing.get());
        }
        if (reports.findByStatusInOrderByIdAsc(List.of(ReportStatus.QUEUED, ReportStatus.RUNNING)).size() >= MAX_QUEUED) {
            throw new BusyException(MAX_QUEUED + " reports are queued already; try again later", 60);
        }
        FaithfulnessReport report = reports.save(new FaithfulnessReport(checkpointId, version, key,
                json.writeValueAsString(r), plan.imageIds().length * plan.requests().size()));
        schedule(report.getId());
        return view(report);
    }

    public ReportView get(long id) {
        return view(find(id));
    }

    public List<ReportView> ofCheckpoint(long checkpointId, int page, int size) {
        return reports.findByCheckpointIdOrderByIdDesc(checkpointId, PageRequest.of(page, size)).map(this::view)
                .getContent();
    }

    /** Stops a queued or running report before its next step; what it computed stays. */
    public ReportView cancel(long id) {
        FaithfulnessReport report = find(id);
        if (report.getStatus().finished()) {
            throw new ConflictException("report " + id + " is " + report.getStatus() + " already");
        }
        reports.requestCancel(id);
        reports.cancelQueued(id, java.time.Instant.now());
        return view(find(id));
    }

    /** Mean MoRF and LeRF curves of every method against the random map's. */
    public BufferedImage chart(long id) {
        ReportView view = get(id);
        List<FaithfulnessChart.Series> series = new ArrayList<>();
        double[] randomMorf = null;
        double[] randomLerf = null;
        int images = 0;
        for (ReportView.MethodSummary m : view.methods()) {
            series.add(new FaithfulnessChart.Series(m.method(), m.map().morf(), m.map().lerf()));
            randomMorf = accumulate(randomMorf, m.random().morf(), m.images());
            randomLerf = accumulate(randomLerf, m.random().lerf(), m.images());
            images += m.images();
        }
        if (images > 0) {
            series.add(new FaithfulnessChart.Series("random map", divide(randomMorf, images), divide(randomLerf, images)));
        }
        return FaithfulnessChart.render(String.format(Locale.ROOT,
                "Report %d on checkpoint %d (%s, %.0f%% done): probability drop when pixels are imputed", id,
                view.checkpointId(), view.status(), 100 * view.progress()), view.percentiles(), series);
    }

    private static double[] accumulate(double[] sum, double[] values, int weight) {
        double[] out = sum == null ? new double[values.length] : sum;
        for (int i = 0; i < values.length; i++) {
            out[i] += values[i] * weight;
        }
        return out;
    }

    private static double[] divide(double[] values, int by) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= by;
        }
        return out;
    }

    private FaithfulnessReport find(long id) {
        return reports.findById(id).orElseThrow(() -> new NotFoundException("no faithfulness report " + id));
    }

    /** Checks every field at once; a bad one is named. */
    private Plan plan(CheckpointScope scope, ReportRequest r) {
        List<FieldProblem> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        if (r.methods() == null || r.methods().isEmpty()) {
            methods.all().stream().filter(m -> r.smooth() == null || !r.smooth().contains("eigen")
                    || m.supportsEigenSmoothing()).map(CamMethod::id).forEach(ids::add);
        } else {
            for (String m : r.methods()) {
                String id = m == null ? "" : m.trim().toLowerCase(Locale.ROOT);
                if (methods.find(id).isEmpty()) {
                    problems.add(new FieldProblem("methods", "unknown method '" + m + "'; known: "
                            + String.join(", ", methods.ids())));
                } else if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        int available = scope.evaluatedTest().size();
        int[] imageIds = null;
        if (r.imageIds() != null && !r.imageIds().isEmpty()) {
            if (r.images() != null) {
                problems.add(new FieldProblem("images", "give images or imageIds, not both"));
            }
            if (r.imageIds().size() > ReportRequest.MAX_IMAGES) {
                problems.add(new FieldProblem("imageIds", "at most " + ReportRequest.MAX_IMAGES + " images"));
            }
            imageIds = r.imageIds().stream().distinct().mapToInt(i -> i == null ? -1 : i).toArray();
            for (int id : imageIds) {
                if (id < 0 || id >= available) {
                    problems.add(new FieldProblem("imageIds", "test image " + id + " is out of range 0.." + (available - 1)));
                    break;
                }
            }
        } else {
            int n = r.images() == null ? Math.min(ReportRequest.DEFAULT_IMAGES, available) : r.images();
            if (n < 1 || n > Math.min(ReportRequest.MAX_IMAGES, available)) {
                problems.add(new FieldProblem("images", "must be between 1 and "
                        + Math.min(ReportRequest.MAX_IMAGES, available) + ", not " + n));
            } else {
                imageIds = java.util.stream.IntStream.range(0, n).toArray();
            }
        }
        List<CamRequest> camRequests = new ArrayList<>();
        for (String id : ids) {
            try {
                camRequests.add(requests.parse(new CamQuery(id, r.layer(), r.target(), r.smooth(), r.steps(),
                        r.baseline()), scope.labels(), scope.dataset().normalization()));
            } catch (InvalidInputException e) {
                for (FieldProblem p : e.problems()) {
                    if (!problems.contains(p)) {
                        problems.add(p);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Plan(scope, camRequests, imageIds);
    }

    private static String key(Plan plan) {
        StringBuilder key = new StringBuilder();
        for (CamRequest r : plan.requests()) {
            key.append(r.key()).append(';');
        }
        // The images themselves, as a digest: a hash code would let two different sets share a report.
        key.append(digest(plan.imageIds())).append(':').append(plan.imageIds().length);
        return key.toString();
    }

    private static String digest(int[] imageIds) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(Integer.BYTES * imageIds.length);
            bytes.asIntBuffer().put(imageIds);
            return java.util.HexFormat.of().formatHex(sha.digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String version(Checkpoint c) {
        return c.getEpoch() + "@" + c.getCreatedAt();
    }

    private void schedule(long id) {
        if (scheduled.add(id)) {
            try {
                executor.execute(() -> {
                    try {
                        run(id);
                    } finally {
                        scheduled.remove(id);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.remove(id); // shutting down: another instance, or the restart, continues it
            }
        }
    }

    /**
     * Reports left queued or running by a stopped process continue after a restart, and then,
     * every heartbeat interval, those whose instance stopped beating; the claim decides who runs them.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        scanForWork();
        long beat = timing.heartbeatInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::beatAndScan, beat, beat, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void beatAndScan() {
        try {
            Long current = computing;
            if (current != null) {
                reports.heartbeat(current, owner, java.time.Instant.now());
            }
            scanForWork();
        } catch (RuntimeException e) {
            log.warn("Faithfulness reports: could not beat or look for work: {}", e.getMessage());
        }
    }

    private void scanForWork() {
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant staleBefore = now.minus(timing.heartbeatTimeout());
        java.time.Instant ownStaleBefore = now.minus(timing.heartbeatInterval().multipliedBy(2));
        for (FaithfulnessReport r : reports.findByStatusInOrderByIdAsc(List.of(ReportStatus.QUEUED, ReportStatus.RUNNING))) {
            boolean abandoned = r.getStatus() == ReportStatus.RUNNING && (r.getHeartbeatAt() == null
                    || r.getHeartbeatAt().isBefore(staleBefore)
                    || (owner.equals(r.getOwner()) && r.getHeartbeatAt().isBefore(ownStaleBefore)));
            if (r.getStatus() == ReportStatus.QUEUED || abandoned) {
                schedule(r.getId());
            }
        }
    }

    private void run(long id) {
        FaithfulnessReport report = reports.findById(id).orElse(null);
        if (report == null || report.getStatus().finished()) {
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        java.time.Instant staleBefore = now.minus(timing.heartbeatTimeout());
        if (reports.claim(id, owner, now, now.minus(timing.heartbeatInterval().multipliedBy(2)), staleBefore) == 0) {
            // Another instance runs it, or it was cancelled: end it if nobody will.
            reports.cancelAbandoned(id, now, staleBefore);
            return;
        }
        computing = id;
        try {
            ReportRequest request = json.readValue(report.getRequestJson(), ReportRequest.class);
            CheckpointScope scope = recorder.ensureRecorded(report.getCheckpointId());
            if (!version(scope.checkpoint()).equals(report.getCheckpointVersion())) {
                finish(id, ReportStatus.FAILED, "the checkpoint was rewritten (a newer epoch) since the report was asked for");
                return;
            }
            Plan plan = plan(scope, request);
            int done = (int) results.countByReportId(id);
            // The random map's scores depend on the image and target only: computed once for all methods.
            Map<String, FaithfulnessMetrics.Scores> randomScores = new java.util.HashMap<>();
            for (CamRequest camRequest : plan.requests()) {
                String method = camRequest.method().id();
                List<Integer> todo = new ArrayList<>();
                for (int imageId : plan.imageIds()) {
                    if (!results.existsByReportIdAndMethodAndImageId(id, method, imageId)) {
                        todo.add(imageId);
                    }
                }
                for (int from = 0; from < todo.size(); from += CHUNK) {
                    if (reports.findById(id).map(FaithfulnessReport::isCancelRequested).orElse(true)) {
                        finish(id, ReportStatus.CANCELLED, null);
                        return;
                    }
                    int[] chunk = todo.subList(from, Math.min(from + CHUNK, todo.size())).stream()
                            .mapToInt(Integer::intValue).toArray();
                    List<FaithfulnessResult> rows = new ArrayList<>();
                    for (FaithfulnessView v : faithfulness.evaluate(scope, chunk, camRequest, randomScores)) {
                        rows.add(new FaithfulnessResult(id, method, v.imageId(), v.targetClass(), v.probability(),
                                v.map().road(), v.map().deletionAuc(), v.map().insertionAuc(), v.map().morf(),
                                v.map().lerf(), v.random().road(), v.random().deletionAuc(), v.random().insertionAuc(),
                                v.random().morf(), v.random().lerf()));
                    }
                    results.saveAll(rows);
                    done += rows.size();
                    if (reports.progress(id, done, owner, java.time.Instant.now()) == 0) {
                        log.warn("Faithfulness report {}: taken over by another instance; stopping", id);
                        return;
                    }
                }
            }
            finish(id, ReportStatus.SUCCEEDED, null);
        } catch (Throwable e) {
            // Errors too (out of memory, say): left RUNNING, the report would wait for a takeover.
            log.warn("Faithfulness report {} failed", id, e);
            finish(id, ReportStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            computing = null;
        }
    }

    /** Ends a report this instance runs; a report another instance took over meanwhile is left to it. */
    private void finish(long id, ReportStatus status, String error) {
        String text = error == null ? null : error.substring(0, Math.min(error.length(), 3900));
        if (reports.finish(id, owner, status, text, (int) results.countByReportId(id), java.time.Instant.now()) == 0) {
            log.warn("Faithfulness report {}: not marked {}: another instance runs it now", id, status);
        }
    }

    private ReportView view(FaithfulnessReport report) {
        Map<String, List<FaithfulnessResult>> byMethod = new LinkedHashMap<>();
        for (FaithfulnessResult r : results.findByReportIdOrderByMethodAscImageIdAsc(report.getId())) {
            byMethod.computeIfAbsent(r.getMethod(), k -> new ArrayList<>()).add(r);
        }
        List<ReportView.MethodSummary> summaries = new ArrayList<>();
        byMethod.forEach((method, rows) -> summaries.add(summary(method, rows)));
        ReportRequest request = json.readValue(report.getRequestJson(), ReportRequest.class);
        return new ReportView(report.getId(), report.getCheckpointId(), report.getStatus(),
                report.getWorkTotal() == 0 ? 1 : (double) report.getWorkDone() / report.getWorkTotal(),
                report.getWorkDone(), report.getWorkTotal(), request, report.getCreatedAt(), report.getFinishedAt(),
                report.getError(), FaithfulnessMetrics.PERCENTILES.clone(), summaries);
    }

    private static ReportView.MethodSummary summary(String method, List<FaithfulnessResult> rows) {
        int n = rows.size();
        int percentiles = FaithfulnessMetrics.PERCENTILES.length;
        double[] morf = new double[percentiles];
        double[] lerf = new double[percentiles];
        double[] randomMorf = new double[percentiles];
        double[] randomLerf = new double[percentiles];
        double road = 0, deletion = 0, insertion = 0, randomRoad = 0, randomDeletion = 0, randomInsertion = 0;
        int beats = 0;
        for (FaithfulnessResult r : rows) {
            road += r.getRoad() / n;
            deletion += r.getDeletionAuc() / n;
            insertion += r.getInsertionAuc() / n;
            randomRoad += r.getRandomRoad() / n;
            randomDeletion += r.getRandomDeletionAuc() / n;
            randomInsertion += r.getRandomInsertionAuc() / n;
            beats += r.getRoad() > r.getRandomRoad() ? 1 : 0;
            add(morf, r.getMorf(), n);
            add(lerf, r.getLerf(), n);
            add(randomMorf, r.getRandomMorf(), n);
            add(randomLerf, r.getRandomLerf(), n);
        }
        return new ReportView.MethodSummary(method, n, new ReportView.Scores(road, deletion, insertion, morf, lerf),
                new ReportView.Scores(randomRoad, randomDeletion, randomInsertion, randomMorf, randomLerf),
                (double) beats / n);
    }

    private static void add(double[] sum, double[] values, int n) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i] / n;
        }
    }

    @PreDestroy
    void close() {
        ticker.shutdownNow();
        executor.shutdownNow();
    }
}
