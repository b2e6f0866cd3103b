package io.salience.explain;

import io.salience.data.ImageSplit;
import io.salience.data.Images;
import io.salience.errors.InvalidInputException;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import io.salience.serving.MicroBatcher;
import io.salience.serving.ModelCache;
import io.salience.training.Evaluator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.util.List;
import org.springframework.stereotype.Service;

/** What a checkpoint predicts for a test image or an uploaded one. */
@Service
public class PredictionService {

    private final MistakeRecorder recorder;
    private final ModelCache models;
    private final MicroBatcher batcher;
    private final Timer latency;

    public PredictionService(MistakeRecorder recorder, ModelCache models, MicroBatcher batcher, MeterRegistry meters) {
        this.recorder = recorder;
        this.models = models;
        this.batcher = batcher;
        this.latency = Timer.builder("salience.prediction.latency")
                .description("a prediction request's wait for and share of its forward pass").register(meters);
    }

    public Predictions predictUpload(long checkpointId, BufferedImage image, int k) {
        CheckpointScope scope = recorder.scope(checkpointId);
        return predict(scope, TestImages.normalized(scope, Images.toRgb32(image)), null, null, k);
    }

    public Predictions predictTestImage(long checkpointId, int imageId, int k) {
        CheckpointScope scope = recorder.scope(checkpointId);
        ImageSplit test = scope.dataset().test();
        test.checkIndex(imageId);
        float[] input = TestImages.normalized(scope, new int[] {imageId});
        return predict(scope, input, imageId, test.label(imageId), k);
    }

    private Predictions predict(CheckpointScope scope, float[] input, Integer imageId, Integer trueClass, int k) {
        List<String> labels = scope.labels();
        if (k < 1 || k > labels.size()) {
            throw InvalidInputException.field("k", "must be between 1 and " + labels.size() + ", not " + k);
        }
        float[] logits;
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            // Concurrent predictions share forward passes; the lease keeps the model open meanwhile.
            logits = latency.record(() -> batcher.logits(lease.model(), input));
        }
        return Predictions.of(Evaluator.softmax(logits, 0, labels.size()), labels, imageId, trueClass, k);
    }
}
