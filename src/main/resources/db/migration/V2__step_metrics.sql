-- Per-step training curves: loss, learning rate and gradient norm every few optimizer steps.
-- The sequence lets Hibernate insert rows in JDBC batches (identity columns would not).
CREATE SEQUENCE step_metric_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE step_metric (
    id             BIGINT  NOT NULL PRIMARY KEY,
    job_id         BIGINT  NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    step           BIGINT  NOT NULL,
    epoch          INT     NOT NULL,
    loss           DOUBLE PRECISION NOT NULL,
    learning_rate  DOUBLE PRECISION NOT NULL,
    gradient_norm  DOUBLE PRECISION,
    CONSTRAINT uq_step_metric UNIQUE (job_id, step)
);
