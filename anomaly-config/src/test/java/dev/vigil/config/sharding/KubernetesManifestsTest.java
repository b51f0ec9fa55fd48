package dev.vigil.config.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes}: they parse, name each other consistently,
 * and the configuration they embed loads, and splits over the StatefulSet's members so that every member
 * has work and every sub-configuration runs on R of them.
 */
class KubernetesManifestsTest {

    static final Path DIR = Path.of("..", "deploy", "kubernetes");

    /** The variables the runner reads; a misspelt VMANOMALY_ name would silently be ignored. */
    static final List<String> KNOWN = List.of(Membership.MEMBERS_COUNT, Membership.MEMBER_NUM,
            Membership.REPLICATION_FACTOR, Membership.SPLIT_BY, Membership.SHARDING_STRATEGY,
            "VMANOMALY_MODEL_DUMPS_DIR", "VIGIL_STOP_GRACE");

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String file) throws Exception {
        return (Map<String, Object>) new Yaml(new LoaderOptions()).load(Files.readString(DIR.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object root, String... path) {
        Object o = root;
        for (String p : path) {
            assertThat(o).as(String.join(".", path)).isInstanceOf(Map.class);
            o = ((Map<String, Object>) o).get(p);
        }
        return (T) o;
    }

    /** {@link #at} as a plain value, for comparisons. */
    static Object val(Object root, String... path) {
        return at(root, path);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> named(List<Object> items, String name) {
        return (Map<String, Object>) items.stream().filter(i -> name.equals(at(i, "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no item named " + name + " in " + items));
    }

    @Test
    void manifests_referToEachOtherConsistently() throws Exception {
        List<String> resources = at(load("kustomization.yaml"), "resources");
        assertThat(resources).containsExactlyInAnyOrder("configmap.yaml", "service.yaml", "statefulset.yaml");
        Map<String, Object> cm = load("configmap.yaml");
        Map<String, Object> svc = load("service.yaml");
        Map<String, Object> sts = load("statefulset.yaml");
        assertThat(List.of(at(cm, "kind"), at(svc, "kind"), at(sts, "kind")))
                .containsExactly("ConfigMap", "Service", "StatefulSet");

        // The headless Service governs the StatefulSet and selects its pods.
        assertThat(val(svc, "spec", "clusterIP")).isEqualTo("None");
        assertThat(val(sts, "spec", "serviceName")).isEqualTo(at(svc, "metadata", "name"));
        Map<String, Object> podLabels = at(sts, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(at(svc, "spec", "selector"))
                .containsAllEntriesOf(at(sts, "spec", "selector", "matchLabels"));

        // The ConfigMap is mounted, and the argument names its key under the mount.
        Map<String, Object> pod = at(sts, "spec", "template", "spec");
        Map<String, Object> container = named(at(pod, "containers"), "vigil");
        Map<String, Object> configVolume = named(at(pod, "volumes"), "config");
        assertThat(val(configVolume, "configMap", "name")).isEqualTo(at(cm, "metadata", "name"));
        String mount = at(named(at(container, "volumeMounts"), "config"), "mountPath");
        List<String> args = at(container, "args");
        assertThat(args.get(0)).startsWith(mount + "/");
        Map<String, String> data = at(cm, "data");
        assertThat(data).containsKey(args.get(0).substring(mount.length() + 1));

        // The state volume is a claim template, and the dumps directory lies on it.
        Map<String, String> env = env(container);
        String stateMount = at(named(at(container, "volumeMounts"), "state"), "mountPath");
        List<Object> claims = at(sts, "spec", "volumeClaimTemplates");
        assertThat(claims).extracting(c -> val(c, "metadata", "name")).contains("state");
        assertThat(env.get("VMANOMALY_MODEL_DUMPS_DIR")).startsWith(stateMount + "/");

        // Probes hit /health on the port monitoring.pull serves; requests are set.
        Map<String, Object> port = named(at(container, "ports"), "http-metrics");
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(val(container, probe, "httpGet", "path")).as(probe).isEqualTo("/health");
            assertThat(val(container, probe, "httpGet", "port")).as(probe).isEqualTo("http-metrics");
        }
        List<Object> svcPorts = at(svc, "spec", "ports");
        assertThat(val(svcPorts.get(0), "targetPort")).isEqualTo("http-metrics");
        assertThat(KubernetesManifestsTest.<Map<String, Object>>at(container, "resources", "requests")).containsKeys("cpu", "memory");

        RunnerConfig config = RunnerConfigs.parse(data.get(args.get(0).substring(mount.length() + 1)), "configmap.yaml",
                env, ModelRegistry.standard());
        assertThat(config.monitoring().pull().port()).isEqualTo(((Number) port.get("containerPort")).intValue());
        assertThat(config.settings().restoreState()).isTrue();
    }

    @Test
    void statefulSetEnvironment_validForEveryPodAndEveryMemberHasWork() throws Exception {
        Map<String, Object> sts = load("statefulset.yaml");
        Map<String, Object> container = named(at(sts, "spec", "template", "spec", "containers"), "vigil");
        Map<String, String> env = env(container);
        env.keySet().forEach(name -> {
            assertThat(name).matches("[A-Za-z_][A-Za-z0-9_]*");
            if (name.startsWith("VMANOMALY_") || name.startsWith("VIGIL_")) {
                assertThat(KNOWN).as("a variable the runner reads").contains(name);
            }
        });
        int replicas = at(sts, "spec", "replicas");
        assertThat(env).containsEntry(Membership.MEMBERS_COUNT, String.valueOf(replicas));
        Map<String, String> data = at(load("configmap.yaml"), "data");
        RunnerConfig config = RunnerConfigs.parse(data.get("vigil.yml"), "configmap.yaml", env, ModelRegistry.standard());
        Map<String, Integer> runs = new HashMap<>();
        int r = 0;
        int total = 0;
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            Map<String, String> podEnv = new LinkedHashMap<>(env);
            podEnv.put(Membership.HOSTNAME, at(sts, "metadata", "name") + "-" + ordinal);
            Membership m = Membership.fromEnv(podEnv);
            assertThat(m.num()).isEqualTo(ordinal);
            Sharding.Share share = Sharding.share(config, m);
            assertThat(share.empty()).as("member %d would exit 1 with nothing to do", ordinal).isFalse();
            share.mine().forEach(s -> runs.merge(s.key(), 1, Integer::sum));
            r = m.replicationFactor();
            total = share.all().size();
        }
        assertThat(runs).hasSize(total);
        assertThat(runs.values()).containsOnly(r);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : (List<Object>) container.get("env")) {
            env.put(at(e, "name"), String.valueOf(val(e, "value")));
        }
        return env;
    }
}
