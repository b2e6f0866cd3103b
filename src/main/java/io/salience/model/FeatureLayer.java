package io.salience.model;

import io.salience.errors.InvalidInputException;
import java.util.Locale;

/** The four convolutional stages whose activations can be explained (output 32, 16, 8, 4 pixels). */
public enum FeatureLayer {
    LAYER1(32, 64),
    LAYER2(16, 128),
    LAYER3(8, 256),
    LAYER4(4, 512);

    private final int size;
    private final int channels;

    FeatureLayer(int size, int channels) {
        this.size = size;
        this.channels = channels;
    }

    /** Channels of the stage's activations. */
    public int channels() {
        return channels;
    }

    /** Height and width of the stage's activations for a 32x32 input. */
    public int size() {
        return size;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code layer1}..{@code layer4}, case-insensitively. */
    public static FeatureLayer parse(String id) {
        for (FeatureLayer layer : values()) {
            if (layer.id().equalsIgnoreCase(id)) {
                return layer;
            }
        }
        throw new InvalidInputException("unknown layer '" + id + "': use layer1, layer2, layer3 or layer4");
    }
}
