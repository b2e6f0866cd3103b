package io.salience.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.salience.TestEngine;
import io.salience.data.augment.AugmentationSettings;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import io.salience.training.AdamOptimizer;
import io.salience.training.ReduceLrOnPlateau;
import io.salience.training.TrainingSettings;
import io.salience.training.TrainingStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    private static final int BATCH = 64;

    /**
     * A training step at batch 64 allocates and frees about 1 GB of tensors. With glibc's defaults
     * the next step faults most of it in again (about 124,000 minor faults per step measured on
     * this model); with mmap and trimming off but the worker threads' arena heaps still unmapped
     * when free, steps 3 to 8 faulted 37,000 to 74,000 pages each; with everything kept, a step
     * reuses the last one's (a few hundred faults).
     */
    @Test
    void trainingStepsReuseTheLastStepsMemoryInsteadOfFaultingItIn() throws IOException {
        assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
        DjlRuntime runtime = TestEngine.runtime();
        assertThat(NativeMemory.keepFreedMemory()).as("glibc took the settings").isTrue();
        TrainingSettings settings = new TrainingSettings("tiny", 1, BATCH, 0.001, 1e-4, 1, null, null,
                AugmentationSettings.NONE, ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % 10;
        }
        try (NDManager manager = runtime.newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            try (AdamOptimizer adam = new AdamOptimizer(manager, parameters(model), 1e-4)) {
                TrainingStep step = new TrainingStep(runtime, model, adam, settings);
                long faults = 0;
                for (int s = 1; s <= 8; s++) {
                    long before = minorFaults();
                    try (NDManager batch = manager.newSubManager()) {
                        step.run(batch, batch.randomNormal(new Shape(BATCH, 3, 32, 32)), batch.create(labels), 0.001, false);
                    }
                    if (s >= 3) {
                        faults += minorFaults() - before;
                    }
                }
                assertThat(faults).as("minor page faults of steps 3 to 8 together").isLessThan(30_000);
            }
        }
    }

    private static List<Parameter> parameters(CifarResNet model) {
        List<Parameter> parameters = new ArrayList<>();
        model.getParameters().forEach(p -> parameters.add(p.getValue()));
        return parameters;
    }

    /** The process's minor page faults so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
