package io.salience.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    private static final String SHARED_VOLUME = "persistence.accessModes[0]=ReadWriteMany";

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

    private static List<Map<String, Object>> deployments(List<Map<String, Object>> docs) {
        return docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).toList();
    }

    private static String env(Map<String, Object> deployment, String name) {
        List<Map<String, Object>> env = at(deployment, "spec", "template", "spec", "containers", "0", "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).map(e -> String.valueOf(e.get("value")))
                .findFirst().orElse(null);
    }

    private static boolean asksForGpu(Map<String, Object> deployment) {
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> limits = at(pod, "containers", "0", "resources", "limits");
        return (limits != null && limits.containsKey("nvidia.com/gpu")) || pod.containsKey("tolerations")
                || pod.containsKey("nodeSelector");
    }

    /** Every combination of the split's switches: the GPU, its scheduling and the training stay on workers. */
    @Test
    void splitPutsTheGpuOnlyOnWorkersInEveryCombination() {
        for (String gpu : List.of("true", "false")) {
            for (String autoscaling : List.of("true", "false")) {
                for (String policy : List.of("true", "false")) {
                    String combination = "gpu=" + gpu + " autoscaling=" + autoscaling + " networkPolicy=" + policy;
                    List<Map<String, Object>> docs = render("mode=split", "database.url=jdbc:postgresql://db/s",
                            SHARED_VOLUME, "gpu.enabled=" + gpu, "api.autoscaling.enabled=" + autoscaling,
                            "networkPolicy.enabled=" + policy);
                    List<Map<String, Object>> deployments = deployments(docs);
                    assertThat(deployments).as(combination).hasSize(2);
                    Map<String, Object> api = deployments.stream().filter(d -> "api".equals(env(d, "SALIENCE_ROLE")))
                            .findFirst().orElseThrow();
                    Map<String, Object> worker = deployments.stream()
                            .filter(d -> "worker".equals(env(d, "SALIENCE_ROLE"))).findFirst().orElseThrow();
                    assertThat(asksForGpu(api)).as(combination + ": api").isFalse();
                    assertThat(env(api, "SALIENCE_ENGINE_DEVICE")).isEqualTo("cpu");
                    assertThat(image(api)).isEqualTo("salience:latest");
                    assertThat(image(worker)).isEqualTo(gpu.equals("true") ? "salience:gpu" : "salience:latest");
                    assertThat(asksForGpu(worker)).as(combination + ": worker").isEqualTo(gpu.equals("true"));
                    assertThat(env(worker, "SALIENCE_ENGINE_DEVICE")).isEqualTo(gpu.equals("true") ? "gpu" : "cpu");
                    assertThat(at(worker, "spec", "template", "spec", "terminationGracePeriodSeconds").toString())
                            .isEqualTo("300");
                    assertThat(at(worker, "spec", "replicas").toString()).isEqualTo("1");
                    assertThat((Object) at(api, "spec", "replicas")).as(combination)
                            .isEqualTo(autoscaling.equals("true") ? null : 2);
                    assertThat(docs.stream().anyMatch(d -> "HorizontalPodAutoscaler".equals(d.get("kind"))))
                            .isEqualTo(autoscaling.equals("true"));
                    assertThat(docs.stream().anyMatch(d -> "NetworkPolicy".equals(d.get("kind"))))
                            .isEqualTo(policy.equals("true"));
                    assertThat((String) at(kind(docs, "Service"), "spec", "selector", "app.kubernetes.io/component"))
                            .isEqualTo("api");
                    assertThat((String) at(kind(docs, "PodDisruptionBudget"), "spec", "selector", "matchLabels",
                            "app.kubernetes.io/component")).isEqualTo("api");
                    assertThat((String) at(api, "spec", "template", "metadata", "labels", "app.kubernetes.io/component"))
                            .isEqualTo("api");
                }
            }
        }
        {
            Map<String, Object> hpa = kind(render("mode=split", "database.url=jdbc:postgresql://db/s", SHARED_VOLUME),
                    "HorizontalPodAutoscaler");
            assertThat((String) at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("demo-salience-api");
        }
    }

    @Test
    void checkpointsInS3ReachEveryPodWithTheKeysFromTheSecret() {
        List<Map<String, Object>> docs = render("mode=split", "database.url=jdbc:postgresql://db/s", "artifacts.type=s3",
                "artifacts.s3.bucket=ckpt", "artifacts.s3.endpoint=http://minio:9000", "artifacts.s3.pathStyle=true",
                "artifacts.s3.accessKey=AK", "artifacts.s3.secretKey=SK", "persistence.enabled=false");
        assertThat(docs).extracting(d -> d.get("kind")).doesNotContain("PersistentVolumeClaim");
        for (Map<String, Object> deployment : deployments(docs)) {
            assertThat((Map<String, Object>) at(deployment, "spec", "template", "spec", "volumes", "0"))
                    .containsKey("emptyDir");
            assertThat(env(deployment, "SALIENCE_ARTIFACTS_TYPE")).isEqualTo("s3");
            assertThat(env(deployment, "SALIENCE_ARTIFACTS_S3_BUCKET")).isEqualTo("ckpt");
            assertThat(env(deployment, "SALIENCE_ARTIFACTS_S3_ENDPOINT")).isEqualTo("http://minio:9000");
            List<Map<String, Object>> env = at(deployment, "spec", "template", "spec", "containers", "0", "env");
            Map<String, Object> secret = env.stream().filter(e -> "SALIENCE_ARTIFACTS_S3_SECRET_KEY".equals(e.get("name")))
                    .findFirst().orElseThrow();
            assertThat((String) at(secret, "valueFrom", "secretKeyRef", "key")).isEqualTo("s3-secret-key");
        }
        Map<String, Object> data = at(kind(docs, "Secret"), "stringData");
        assertThat(data).containsEntry("s3-access-key", "AK").containsEntry("s3-secret-key", "SK");
        assertThatThrownBy(() -> render("artifacts.type=s3")).hasMessageContaining("artifacts.s3.bucket");
        assertThat(env(deployments(render()).get(0), "SALIENCE_ARTIFACTS_TYPE")).isEqualTo("filesystem");
    }

    @Test
    void theSmallInstallIsOneDeploymentInRoleAll() {
        List<Map<String, Object>> deployments = deployments(render());
        assertThat(deployments).hasSize(1);
        assertThat(env(deployments.get(0), "SALIENCE_ROLE")).isEqualTo("all");
        assertThat((String) at(kind(render(), "Service"), "spec", "selector", "app.kubernetes.io/component"))
                .isEqualTo("all");
    }

    @Test
    void aSplitWithoutPostgresqlOrAnUnknownModeIsRefused() {
        assertThatThrownBy(() -> render("mode=split", SHARED_VOLUME)).hasMessageContaining("database.url");
        assertThatThrownBy(() -> render("replicaCount=2", SHARED_VOLUME)).hasMessageContaining("database.url");
        assertThatThrownBy(() -> render("mode=both")).hasMessageContaining("mode must be all or split");
    }

    /** Several pods on a ReadWriteOnce claim would not schedule; each on its own emptyDir would not share checkpoints. */
    @Test
    void severalPodsAreRefusedAVolumeTheyCannotShare() {
        String db = "database.url=jdbc:postgresql://db/s";
        assertThatThrownBy(() -> render("mode=split", db)).hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> render("replicaCount=2", db)).hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> render("mode=split", db, "artifacts.type=s3", "artifacts.s3.bucket=b"))
                .hasMessageContaining("ReadWriteMany");
        assertThatThrownBy(() -> render("mode=split", db, "persistence.enabled=false"))
                .hasMessageContaining("artifacts.type=s3");
        assertThat(deployments(render("replicaCount=2", db, SHARED_VOLUME))).hasSize(1);
        assertThat(deployments(render("mode=split", db, "persistence.existingClaim=shared"))).hasSize(2);
        assertThat(deployments(render())).hasSize(1);
    }

    /** With protected reads the console's session lives in one pod: its browser must stay there. */
    @Test
    void protectedReadsKeepABrowserOnItsPod() {
        assertThat((String) at(kind(render("security.protectReads=true"), "Service"), "spec", "sessionAffinity"))
                .isEqualTo("ClientIP");
        assertThat((Map<String, Object>) at(kind(render(), "Service"), "spec")).doesNotContainKey("sessionAffinity");
    }

    @Test
    void podsWithAGpuRunTheGpuImageAndTheOthersTheCpuImage() {
        assertThat(image(deployments(render()).get(0))).isEqualTo("salience:gpu");
        assertThat(image(deployments(render("gpu.enabled=false")).get(0))).isEqualTo("salience:latest");
        assertThat(image(deployments(render("image.repository=r.example/s", "image.gpuTag=1.2-cuda")).get(0)))
                .isEqualTo("r.example/s:1.2-cuda");
    }

    private static String image(Map<String, Object> deployment) {
        return at(deployment, "spec", "template", "spec", "containers", "0", "image");
    }
}
