package io.salience.explain;

import java.awt.image.BufferedImage;
import java.util.List;

/** A grid picture and the test image ids of its tiles, in order. */
public record Grid(BufferedImage image, List<Integer> imageIds) {}
