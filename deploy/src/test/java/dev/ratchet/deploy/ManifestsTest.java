package dev.ratchet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Loads every manifest with fabric8's model classes and checks what a deployment relies on. */
class ManifestsTest {
    private static final Path ROOT = Path.of(System.getProperty("ratchet.root", ".."));
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SERVICES = Set.of("tracking", "orchestrator", "evaluation", "console");

    @Test
    void everyManifestIsAKubernetesResourceWithoutUnknownFields() throws IOException {
        List<Path> manifests = manifests();
        assertFalse(manifests.isEmpty());
        for (Path manifest : manifests) {
            for (HasMetadata resource : load(manifest)) {
                List<String> unknown = new ArrayList<>();
                collectUnknownFields(resource, resource.getKind(), unknown);
                assertTrue(unknown.isEmpty(), manifest + ": unknown fields (typos?) " + unknown);
            }
        }
    }

    @Test
    void eachServiceHasAHardenedDeploymentWithProbesOnItsHealthEndpoints() throws IOException {
        List<HasMetadata> base = new ArrayList<>();
        for (Path manifest : manifests()) {
            if (manifest.startsWith(DEPLOY.resolve("base"))) {
                base.addAll(load(manifest));
            }
        }
        for (String service : SERVICES) {
            Deployment deployment = find(base, Deployment.class, "ratchet-" + service);
            assertTrue(deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getSecurityContext()
                    .getRunAsNonRoot());
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertProbe(container.getStartupProbe(), "/q/health/started");
            assertProbe(container.getReadinessProbe(), "/q/health/ready");
            assertProbe(container.getLivenessProbe(), "/q/health/live");
            assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
            assertNotNull(container.getResources().getRequests().get("cpu"));
            assertNotNull(container.getResources().getRequests().get("memory"));

            Set<String> containerPorts =
                    container.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
            Service svc = find(base, Service.class, "ratchet-" + service);
            svc.getSpec()
                    .getPorts()
                    .forEach(port -> assertTrue(
                            containerPorts.contains(port.getTargetPort().getStrVal()),
                            service + ": service port " + port.getName() + " targets a named container port"));
            assertEquals(
                    deployment.getSpec().getSelector().getMatchLabels(),
                    svc.getSpec().getSelector());
        }
    }

    @Test
    void kustomizationsReferToFilesThatExist() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path kustomization : files.filter(
                            p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .toList()) {
                JsonNode k = YAML.readTree(kustomization.toFile());
                List<String> refs = new ArrayList<>();
                k.path("resources").forEach(r -> refs.add(r.asText()));
                k.path("patches").forEach(p -> refs.add(p.path("path").asText()));
                for (String ref : refs) {
                    assertTrue(Files.exists(kustomization.getParent().resolve(ref)), kustomization + " -> " + ref);
                }
            }
        }
    }

    @Test
    void composeRunsKafkaPostgresAndTheFourServicesFromTheirDockerfiles() throws IOException {
        JsonNode services =
                YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertTrue(services.has("kafka") && services.has("postgres"));
        for (String service : SERVICES) {
            JsonNode build = services.path(service).path("build");
            Path dockerfile = ROOT.resolve(build.path("context").asText())
                    .resolve(build.path("dockerfile").asText());
            assertTrue(Files.isRegularFile(dockerfile), service + ": " + dockerfile);
        }
    }

    @Test
    void theOrchestratorsServiceAccountMayRunJobsAndReadTheirPodsInItsNamespace() throws IOException {
        List<HasMetadata> rbac = load(DEPLOY.resolve("base/orchestrator-rbac.yaml"));
        Role role = rbac.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .findFirst()
                .orElseThrow();
        RoleBinding binding = rbac.stream()
                .filter(RoleBinding.class::isInstance)
                .map(RoleBinding.class::cast)
                .findFirst()
                .orElseThrow();
        Deployment orchestrator = load(DEPLOY.resolve("base/orchestrator.yaml")).stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        String account = orchestrator.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertEquals(account, binding.getSubjects().get(0).getName());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        // exactly the calls KubernetesJobExecutor makes
        assertEquals(Set.of("create", "get", "list", "watch", "delete"), verbs(role, "batch", "jobs"));
        assertEquals(Set.of("get", "list"), verbs(role, "", "pods"));
        assertEquals(Set.of("get"), verbs(role, "", "pods/log"));
        assertEquals(Set.of("create"), verbs(role, "", "configmaps"));
    }

    private static Set<String> verbs(Role role, String group, String resource) {
        return role.getRules().stream()
                .filter(r ->
                        r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .collect(Collectors.toSet());
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(p -> p.toString().endsWith(".yaml")
                            && !p.startsWith(DEPLOY.resolve("target"))
                            && !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
    }

    private static List<HasMetadata> load(Path manifest) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : Files.readString(manifest).split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            assertTrue(parsed instanceof HasMetadata, manifest + " holds something that is not a resource");
            resources.add((HasMetadata) parsed);
        }
        return resources;
    }

    /** fabric8 keeps fields it does not know in additionalProperties: a non-empty map is a typo. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!(node instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!getter.getName().startsWith("get")
                    || getter.getParameterCount() != 0
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    collectUnknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, "probe on " + path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("http", probe.getHttpGet().getPort().getStrVal());
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }
}
