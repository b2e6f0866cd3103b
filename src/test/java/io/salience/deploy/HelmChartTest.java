package io.salience.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Lints and renders the chart with Helm itself (helm-java, no network) and checks the manifests. */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/salience");

    private static List<Map<String, Object>> render(String... values) {
        var template = new Helm(CHART).template().withName("demo");
        for (String value : values) {
            String[] kv = value.split("=", 2);
            template = template.set(kv[0], kv[1]);
        }
        String manifests = template.call();
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc != null) {
                documents.add((Map<String, Object>) doc);
            }
        }
        return documents;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @Test
    void theChartLints() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void byDefaultItLandsOnTheGpuPoolWithProbesVolumeAndSecrets() {
        List<Map<String, Object>> docs = render();
        assertThat(docs).extracting(d -> d.get("kind"))
                .contains("Deployment", "Service", "PersistentVolumeClaim", "Secret");
        Map<String, Object> pod = at(kind(docs, "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");

        assertThat(at(container, "resources", "limits", "nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat((Map<String, Object>) at(pod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        List<Map<String, Object>> tolerations = at(pod, "tolerations");
        assertThat(tolerations).anySatisfy(t -> {
            assertThat(t).containsEntry("key", "nvidia.com/gpu").containsEntry("effect", "NoSchedule");
        });
        assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((String) at(container, "volumeMounts", "0", "mountPath")).isEqualTo("/data");
        assertThat((String) at(pod, "volumes", "0", "persistentVolumeClaim", "claimName")).isEqualTo("demo-salience-data");

        List<Map<String, Object>> env = at(container, "env");
        Map<String, Object> apiKey = env.stream().filter(e -> "SALIENCE_SECURITY_API_KEY".equals(e.get("name")))
                .findFirst().orElseThrow();
        assertThat((String) at(apiKey, "valueFrom", "secretKeyRef", "name")).isEqualTo("demo-salience");
        assertThat((String) at(apiKey, "valueFrom", "secretKeyRef", "key")).isEqualTo("api-key");
        assertThat(env).anySatisfy(e -> assertThat(e).containsEntry("name", "SALIENCE_ENGINE_DEVICE").containsEntry("value", "gpu"));
    }

    @Test
    void withoutGpuThereIsNoGpuLimitNorGpuScheduling() {
        List<Map<String, Object>> docs = render("gpu.enabled=false");
        Map<String, Object> pod = at(kind(docs, "Deployment"), "spec", "template", "spec");
        Map<String, Object> limits = at(pod, "containers", "0", "resources", "limits");
        assertThat(limits).doesNotContainKey("nvidia.com/gpu").containsKey("memory");
        assertThat(pod).doesNotContainKey("nodeSelector").doesNotContainKey("tolerations");
    }

    @Test
    void aDatabaseAndAnExistingSecretAreReferencedNotCopied() {
        List<Map<String, Object>> docs = render("database.url=jdbc:postgresql://db:5432/salience",
                "existingSecret=prod-salience", "ingress.enabled=true");
        assertThat(docs).extracting(d -> d.get("kind")).doesNotContain("Secret").contains("Ingress");
        List<Map<String, Object>> env = at(kind(docs, "Deployment"), "spec", "template", "spec", "containers", "0", "env");
        assertThat(env).anySatisfy(e -> assertThat(e).containsEntry("name", "SPRING_PROFILES_ACTIVE")
                .containsEntry("value", "postgres"));
        Map<String, Object> password = env.stream().filter(e -> "SALIENCE_DB_PASSWORD".equals(e.get("name")))
                .findFirst().orElseThrow();
        assertThat((String) at(password, "valueFrom", "secretKeyRef", "name")).isEqualTo("prod-salience");
    }
}
