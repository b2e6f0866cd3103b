package io.salience.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One configured dataset ({@code salience.datasets.<name>.*}).
 *
 * @param format {@code cifar10-binary} or {@code image-folder}
 * @param path a local folder or {@code .tar.gz}; wins over {@code url} when both are set
 * @param url where to download the archive from when there is no {@code path}
 * @param md5 expected MD5 of the download, hex; optional
 * @param mean per-channel (R, G, B) mean in [0, 1]; with {@code std}, or both absent to compute
 *     them from the training split
 * @param std per-channel standard deviation in [0, 1]
 */
public record DatasetDefinition(String format, Path path, URI url, String md5, List<Double> mean, List<Double> std) {

    public DatasetDefinition {
        // An empty setting (an unset environment variable in a compose file, say) means "no path".
        if (path != null && path.toString().isBlank()) {
            path = null;
        }
    }

    /** The configured normalization, or {@code null} when it is to be computed from the data. */
    public Normalization normalization() {
        if (mean == null || std == null) {
            return null;
        }
        return new Normalization(toFloats(mean), toFloats(std));
    }

    /** Checks the definition; messages name the offending property of dataset {@code name}. */
    void validate(String name) {
        String prefix = "salience.datasets." + name + ".";
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("salience.datasets." + name
                    + ": a dataset name may only hold letters, digits, '.', '_' and '-' (it names a folder)");
        }
        if (format == null || DatasetFormats.reader(format) == null) {
            throw new IllegalArgumentException(prefix + "format: '" + format + "' is not a known format; use one of "
                    + DatasetFormats.names());
        }
        if (path == null && url == null) {
            throw new IllegalArgumentException(prefix + "path or " + prefix + "url must be set");
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException(prefix + "mean and " + prefix + "std must be set together");
        }
        try {
            normalization();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(prefix + "mean/std: need 3 values each, std > 0: " + mean + " / " + std);
        }
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }
}
