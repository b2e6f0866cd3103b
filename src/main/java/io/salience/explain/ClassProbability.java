package io.salience.explain;

/** One class with its softmax probability. */
public record ClassProbability(int classIndex, String label, double probability) {}
