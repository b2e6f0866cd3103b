package io.salience.checkpoints;

/** LAST: the weights after the latest epoch (with the state to resume); BEST: the best test accuracy so far. */
public enum CheckpointKind {
    LAST,
    BEST
}
