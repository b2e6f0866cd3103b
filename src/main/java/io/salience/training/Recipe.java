package io.salience.training;

/**
 * A named starting point for a training job: complete settings that a request overrides field by
 * field, and one line of why it exists.
 */
public record Recipe(String name, String why, TrainingSettings settings) {}
