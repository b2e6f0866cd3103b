package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DatasetPropertiesTest {

    @Test
    void bindsTheYamlShapeOfTheConfiguration() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("salience.datasets.cifar10.format", "cifar10-binary");
        source.put("salience.datasets.cifar10.url", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
        source.put("salience.datasets.cifar10.md5", "c32a1d4ab5d03f1284b67883e8d87530");
        source.put("salience.datasets.cifar10.mean[0]", "0.4914");
        source.put("salience.datasets.cifar10.mean[1]", "0.4822");
        source.put("salience.datasets.cifar10.mean[2]", "0.4465");
        source.put("salience.datasets.cifar10.std", "0.2470,0.2435,0.2616");
        source.put("salience.datasets.local.format", "image-folder");
        source.put("salience.datasets.local.path", "/data/pictures");

        DatasetProperties properties = bind(source);

        assertThat(properties.datasets()).containsOnlyKeys("cifar10", "local");
        DatasetDefinition cifar = properties.datasets().get("cifar10");
        assertThat(cifar.url()).isEqualTo(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"));
        assertThat(cifar.path()).isNull();
        assertThat(cifar.normalization()).isEqualTo(Normalization.CIFAR10);
        DatasetDefinition local = properties.datasets().get("local");
        assertThat(local.path()).isEqualTo(Path.of("/data/pictures"));
        assertThat(local.normalization()).isNull();
    }

    @Test
    void noDatasetsIsAnEmptyMap() {
        assertThat(new DatasetProperties(null).datasets()).isEmpty();
    }

    @Test
    void anUnknownFormatStopsBindingWithThePropertyName() {
        Map<String, String> source = Map.of(
                "salience.datasets.cifar10.format", "cifar100",
                "salience.datasets.cifar10.path", "/data");

        assertThatThrownBy(() -> bind(source))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("salience.datasets.cifar10.format: 'cifar100' is not a known format; use one of "
                        + "[cifar10-binary, image-folder]");
    }

    @Test
    void rejectsIncompleteDefinitions() {
        assertThatThrownBy(() -> validate("x", new DatasetDefinition("image-folder", null, null, null, null, null)))
                .hasMessage("salience.datasets.x.path or salience.datasets.x.url must be set");
        assertThatThrownBy(() -> validate("x", new DatasetDefinition(null, Path.of("/d"), null, null, null, null)))
                .hasMessageStartingWith("salience.datasets.x.format: 'null' is not a known format");
        assertThatThrownBy(() -> validate("x",
                        new DatasetDefinition("image-folder", Path.of("/d"), null, null, List.of(0.5, 0.5, 0.5), null)))
                .hasMessage("salience.datasets.x.mean and salience.datasets.x.std must be set together");
        assertThatThrownBy(() -> validate("x", new DatasetDefinition(
                        "image-folder", Path.of("/d"), null, null, List.of(0.5, 0.5), List.of(0.2, 0.2))))
                .hasMessageStartingWith("salience.datasets.x.mean/std: need 3 values each");
        assertThatThrownBy(() -> validate("../x", new DatasetDefinition("image-folder", Path.of("/d"), null, null, null, null)))
                .hasMessageContaining("a dataset name may only hold");
    }

    private static void validate(String name, DatasetDefinition definition) {
        new DatasetProperties(Map.of(name, definition));
    }

    private static DatasetProperties bind(Map<String, String> source) {
        return new Binder(new MapConfigurationPropertySource(source)).bind("salience", DatasetProperties.class).get();
    }
}
