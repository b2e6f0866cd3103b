package io.salience.training;

import ai.djl.ndarray.NDManager;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import java.io.IOException;
import java.nio.file.Path;

/** Checkpoint files for tests outside this package, written by the service's own writer. */
public final class CheckpointFixtures {

    private CheckpointFixtures() {}

    /** A BEST-style (weights only) file of a freshly initialized 10-class model at {@code epoch}. */
    public static Path weights(Path file, NDManager manager, int epoch) throws IOException {
        try (NDManager scratch = manager.newSubManager()) {
            CifarResNet model = ModelFactory.create(scratch, 10, epoch);
            CheckpointFiles.writeWeights(file, model, new CheckpointFiles.Header(10, epoch, 0.1, 2.3, false));
        }
        return file;
    }
}
