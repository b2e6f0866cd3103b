package io.salience.explain;

import io.salience.charts.ConfusionMatrixChart;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.jobs.CheckpointScope;
import java.awt.image.BufferedImage;
import org.springframework.stereotype.Service;

/** A checkpoint's confusion matrix over its evaluated test images, as numbers and as a picture. */
@Service
public class ConfusionMatrices {

    private final MistakeGallery gallery;
    private final CheckpointService checkpoints;

    public ConfusionMatrices(MistakeGallery gallery, CheckpointService checkpoints) {
        this.gallery = gallery;
        this.checkpoints = checkpoints;
    }

    public ConfusionMatrix of(long checkpointId) {
        return of(gallery.recorded(checkpointId));
    }

    private ConfusionMatrix of(CheckpointScope scope) {
        return ConfusionMatrix.of(scope.labels(), scope.evaluatedTest(), checkpoints.allMistakes(scope.checkpoint().getId()));
    }

    public BufferedImage image(long checkpointId) {
        CheckpointScope scope = gallery.recorded(checkpointId);
        ConfusionMatrix matrix = of(scope);
        Checkpoint c = scope.checkpoint();
        String title = String.format("Checkpoint %d (job %d, %s, epoch %d): accuracy %.2f%% on %d test images",
                c.getId(), c.getJobId(), c.getKind(), c.getEpoch(), 100 * matrix.accuracy(), matrix.total());
        return ConfusionMatrixChart.render(title, matrix.labels(), matrix.counts());
    }
}
