package io.salience.explain;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.checkpoints.Misclassification;
import io.salience.data.ImagePng;
import io.salience.errors.NotFoundException;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The images a checkpoint gets wrong: one at a time, and the grid of the first ones in the order
 * of the misclassified list (most confident first), which every explanation grid follows too.
 */
@Service
public class MistakeGallery {

    public static final int MAX_GRID = 100;

    private final MistakeRecorder recorder;
    private final CheckpointService checkpoints;
    private final ExplanationWork work;

    public MistakeGallery(MistakeRecorder recorder, CheckpointService checkpoints, ExplanationWork work) {
        this.recorder = recorder;
        this.checkpoints = checkpoints;
        this.work = work;
    }

    /**
     * The checkpoint's scope with its mistakes recorded. Recording evaluates the whole test set,
     * so a checkpoint nobody recorded yet is evaluated on the background executor: the request
     * waits briefly, then gets 202 + Retry-After. For request threads only (tasks on the
     * executor use {@link MistakeRecorder#ensureRecorded} directly).
     */
    public CheckpointScope recorded(long checkpointId) {
        CheckpointScope scope = recorder.scope(checkpointId);
        Checkpoint c = scope.checkpoint();
        if (c.getMisclassifiedCount() != null) {
            return scope;
        }
        return work.await("record|" + c.getId() + ":" + c.getEpoch() + ":" + c.getCreatedAt(),
                () -> recorder.ensureRecorded(checkpointId));
    }

    /** The first {@code limit} mistakes of a checkpoint (recorded first if nobody has), with their scope. */
    public record Shown(CheckpointScope scope, List<Misclassification> mistakes) {

        public int[] imageIds() {
            return mistakes.stream().mapToInt(Misclassification::getImageId).toArray();
        }

        /** Two caption lines: id and true label; predicted label and confidence. */
        public List<String> caption(int index) {
            Misclassification m = mistakes.get(index);
            List<String> labels = scope.labels();
            return List.of("#" + m.getImageId() + " true: " + labels.get(m.getTrueClass()),
                    String.format("pred: %s (%.0f%%)", labels.get(m.getPredictedClass()), 100 * m.getConfidence()));
        }

        /** The grid title: the checkpoint, what is shown on its images, how many of how many mistakes. */
        public String title(String prefix) {
            Checkpoint c = scope.checkpoint();
            if (mistakes.isEmpty()) {
                return String.format("Checkpoint %d (job %d, %s, epoch %d): no misclassified test images to show",
                        c.getId(), c.getJobId(), c.getKind(), c.getEpoch());
            }
            return String.format("Checkpoint %d (job %d, %s, epoch %d): %sthe %d most confident of %d misclassified test images",
                    c.getId(), c.getJobId(), c.getKind(), c.getEpoch(), prefix, mistakes.size(),
                    c.getMisclassifiedCount());
        }
    }

    public Shown first(long checkpointId, int limit) {
        Drawing.check(null, null, limit);
        CheckpointScope scope = recorder.ensureRecorded(checkpointId);
        return new Shown(scope, checkpoints.mistakes(checkpointId, null, null, 0, limit).getContent());
    }

    /** A misclassified test image; 404 when the checkpoint classifies it correctly. */
    public BufferedImage image(long checkpointId, int imageId, int scale) {
        Drawing.check(null, scale, null);
        CheckpointScope scope = recorded(checkpointId);
        scope.dataset().test().checkIndex(imageId);
        if (!checkpoints.isMisclassified(checkpointId, imageId)) {
            throw new NotFoundException("checkpoint " + checkpointId + " classifies test image " + imageId
                    + " correctly" + (imageId >= scope.evaluatedTest().size() ? " or did not evaluate it" : ""));
        }
        return ImagePng.upscale(scope.dataset().test().toImage(imageId), scale);
    }

    /** The first {@code limit} misclassified images, in the order of the misclassified list, captioned. */
    public Grid grid(long checkpointId, int limit, int scale) {
        List<io.salience.errors.InvalidInputException.FieldProblem> problems = Drawing.problems(null, scale, limit, 1);
        if (!problems.isEmpty()) {
            throw new io.salience.errors.InvalidInputException(problems);
        }
        Checkpoint c = recorded(checkpointId).checkpoint();
        // Drawn on the explanation executor and kept like the other grids: at scale 16 it is a
        // large picture, and request threads must not draw them without bound.
        return work.await("mistakes|" + c.getId() + ":" + c.getEpoch() + ":" + c.getCreatedAt() + "|" + limit + "|"
                + scale, () -> {
                    Shown shown = first(checkpointId, limit);
                    List<ImageGrid.Tile> tiles = new ArrayList<>();
                    int[] ids = shown.imageIds();
                    for (int i = 0; i < ids.length; i++) {
                        tiles.add(new ImageGrid.Tile(List.of(ImagePng.upscale(
                                shown.scope().dataset().test().toImage(ids[i]), scale)), shown.caption(i)));
                    }
                    return new Grid(ImageGrid.render(shown.title(""), tiles, 5), boxed(ids));
                });
    }

    static List<Integer> boxed(int[] ids) {
        return java.util.Arrays.stream(ids).boxed().toList();
    }
}
