package io.salience.support;

import io.salience.checkpoints.CheckpointRepository;
import io.salience.jobs.JobService;
import io.salience.jobs.TrainingJobRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that ask a trained checkpoint: trains one small job (seeded by the subclass,
 * so each class has a checkpoint of its own) before its tests and keeps its BEST checkpoint in
 * {@link #best}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TrainedCheckpointTest extends IntegrationTest {

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JobService jobService;

    @Autowired
    protected TrainingJobRepository jobs;

    @Autowired
    protected CheckpointRepository checkpoints;

    @Autowired
    protected JsonMapper json;

    protected long best;

    /** The training seed of this class's job. */
    protected abstract long seed();

    @BeforeAll
    void trainASmallJob() {
        best = Jobs.trainBestCheckpoint(jobService, jobs, checkpoints, seed());
    }
}
