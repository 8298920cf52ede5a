package io.ephemeralns.webhook.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ephemeralns.common.CiSettings;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** One-line fixtures for admission requests, as the API server sends them (objects are JSON maps). */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    public static final Instant CREATED = Instant.parse("2026-11-26T09:00:00Z");
    /** Created 30s before {@link #NOW}: within the default label-window (5m), as in the seed's two-step flow. */
    public static final Instant FRESH = NOW.minusSeconds(30);
    public static final String OWN = "ephemeral-ns";
    public static final String JANITOR = "system:serviceaccount:ephemeral-ns:ephemeral-ns-janitor";
    public static final String WEBHOOK = "system:serviceaccount:ephemeral-ns:ephemeral-ns-webhook";
    public static final String ALICE = "alice";
    public static final CiSettings SETTINGS = CiSettings.defaults(OWN);
    public static final CiSettings WITH_DEFAULT_TTL = CiSettings.builder().ownNamespace(Optional.of(OWN))
            .defaultTtl(Optional.of(Duration.ofHours(24))).build();
    public static final Exemptions EXEMPTIONS = new Exemptions(Set.of(JANITOR, WEBHOOK), Set.of("system:masters"));
    public static final Policy POLICY = policy(SETTINGS, 0, true);
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    public static Policy policy(CiSettings settings, int maxNamespaces, boolean requireBaseline) {
        return new Policy(settings, EXEMPTIONS, maxNamespaces, requireBaseline, Set.of("default", "small"));
    }

    /** A namespace as a JSON map. */
    public static Obj ns(String name) {
        return new Obj("v1", "Namespace", name, null);
    }

    /** A CI namespace (created-by=ci-cd). */
    public static Obj ci(String name) {
        return ns(name).label("created-by", "ci-cd");
    }

    /** A namespaced object. */
    public static Obj object(String apiVersion, String kind, String namespace, String name) {
        return new Obj(apiVersion, kind, name, namespace);
    }

    public static Req request(String operation, String resource) {
        return new Req(operation, resource);
    }

    /** A known cluster: the namespaces given, synced. */
    public static ClusterView cluster(Obj... namespaces) {
        Map<String, io.ephemeralns.common.NamespaceView> known = new LinkedHashMap<>();
        for (Obj namespace : namespaces) {
            known.put(namespace.name, io.ephemeralns.common.NamespaceView.of(
                    MAPPER.convertValue(namespace.map(), io.fabric8.kubernetes.api.model.Namespace.class)));
        }
        return new ClusterView() {
            public boolean synced() {
                return true;
            }

            public Optional<io.ephemeralns.common.NamespaceView> namespace(String name) {
                return Optional.ofNullable(known.get(name));
            }

            public int activeCiNamespaces() {
                return (int) known.values().stream().filter(v -> !v.isTerminating()
                        && io.ephemeralns.common.CiScope.isCiNamespace(SETTINGS, v.name(), v.labels())).count();
            }
        };
    }

    /**
     * Synced caches that lag behind the API server for namespace {@code test-a}, which a webhook call says is labelled
     * {@code ephemeral-ns.io/managed=true}: the cache does not know it, or knows it without its CI labels.
     */
    public static Stream<Arguments> laggingCaches() {
        return Stream.of(Arguments.of("does not know the namespace", cluster()),
                Arguments.of("knows the namespace without its CI labels", cluster(ns("test-a"))));
    }

    /** The verdict of the {@code /validate} routing table. */
    public static Verdict validate(Req request, Policy policy, ClusterView cluster, Instant now) {
        return RoutingTable.validate(policy, cluster).decide(request.build(), now);
    }

    /** The verdict of the {@code /mutate} routing table, with the usual exemptions, knowing no namespace. */
    public static Verdict mutate(Req request, CiSettings settings, Instant now) {
        return mutate(request, settings, ClusterView.UNKNOWN, now);
    }

    /** The verdict of the {@code /mutate} routing table, with the usual exemptions. */
    public static Verdict mutate(Req request, CiSettings settings, ClusterView cluster, Instant now) {
        return RoutingTable.mutate(settings, EXEMPTIONS, cluster).decide(request.build(), now);
    }

    /** Applies a verdict's JSON Patch to an object with an independent RFC 6902 implementation. */
    public static Map<String, Object> applyPatch(Verdict verdict, Map<String, Object> object) {
        JsonNode patched = io.fabric8.zjsonpatch.JsonPatch.apply(MAPPER.valueToTree(verdict.patch()), MAPPER.valueToTree(object));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = MAPPER.convertValue(patched, Map.class);
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> labels(Map<String, Object> object) {
        Object value = ((Map<String, Object>) object.get("metadata")).get("labels");
        return value == null ? Map.of() : (Map<String, String>) value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> annotations(Map<String, Object> object) {
        Object value = ((Map<String, Object>) object.get("metadata")).get("annotations");
        return value == null ? Map.of() : (Map<String, String>) value;
    }

    /** A Kubernetes object under construction. Labels and annotations stay absent (null) until set. */
    public static final class Obj {
        final String apiVersion;
        final String kind;
        final String name;
        final String namespace;
        Map<String, String> labels;
        Map<String, String> annotations;
        Instant created;
        Instant deleting;

        Obj(String apiVersion, String kind, String name, String namespace) {
            this.apiVersion = apiVersion;
            this.kind = kind;
            this.name = name;
            this.namespace = namespace;
        }

        public Obj label(String key, String value) {
            if (labels == null) {
                labels = new LinkedHashMap<>();
            }
            labels.put(key, value);
            return this;
        }

        public Obj annotation(String key, String value) {
            if (annotations == null) {
                annotations = new LinkedHashMap<>();
            }
            annotations.put(key, value);
            return this;
        }

        public Obj emptyMaps() {
            labels = labels == null ? new LinkedHashMap<>() : labels;
            annotations = annotations == null ? new LinkedHashMap<>() : annotations;
            return this;
        }

        public Obj created(Instant at) {
            created = at;
            return this;
        }

        public Obj deleting(Instant at) {
            deleting = at;
            return this;
        }

        public Obj copy() {
            Obj copy = new Obj(apiVersion, kind, name, namespace);
            copy.labels = labels == null ? null : new LinkedHashMap<>(labels);
            copy.annotations = annotations == null ? null : new LinkedHashMap<>(annotations);
            copy.created = created;
            copy.deleting = deleting;
            return copy;
        }

        public Map<String, Object> map() {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name);
            if (namespace != null) {
                metadata.put("namespace", namespace);
            }
            if (created != null) {
                metadata.put("creationTimestamp", created.toString());
            }
            if (deleting != null) {
                metadata.put("deletionTimestamp", deleting.toString());
            }
            if (labels != null) {
                metadata.put("labels", new LinkedHashMap<>(labels));
            }
            if (annotations != null) {
                metadata.put("annotations", new LinkedHashMap<>(annotations));
            }
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("apiVersion", apiVersion);
            object.put("kind", kind);
            object.put("metadata", metadata);
            return object;
        }
    }

    /** An AdmissionRequest under construction: set as the API server would, completed by {@link #build()}. */
    public static final class Req {
        private final AdmissionRequest request = new AdmissionRequest();
        private final List<String> groups = new ArrayList<>(List.of("system:authenticated"));
        private String user = ALICE;
        private String kind;
        /** The object as sent, for tests that apply a patch to it. */
        Object object;

        Req(String operation, String resource) {
            request.setUid("uid-1");
            request.setOperation(operation);
            request.setResource(new GroupVersionResource("", resource, "v1"));
            request.setDryRun(false);
        }

        private Req with(Consumer<AdmissionRequest> change) {
            change.accept(request);
            return this;
        }

        public Req group(String value) {
            return with(r -> r.setResource(new GroupVersionResource(value, r.getResource().getResource(), "v1")));
        }

        public Req sub(String value) {
            return with(r -> r.setSubResource(value));
        }

        public Req in(String value) {
            return with(r -> r.setNamespace(value));
        }

        public Req kind(String value) {
            kind = value;
            return this;
        }

        public Req by(String value, String... userGroups) {
            user = value;
            groups.addAll(List.of(userGroups));
            return this;
        }

        public Req dryRun() {
            return with(r -> r.setDryRun(true));
        }

        /** The new object; the request's name and kind are the object's unless set. */
        public Req object(Obj value) {
            named(value);
            return rawObject(value == null ? null : value.map());
        }

        /** The old object; the request's name and kind are the object's unless set. */
        public Req old(Obj value) {
            named(value);
            return with(r -> r.setOldObject(value == null ? null : value.map()));
        }

        public Req rawObject(Object value) {
            object = value;
            return with(r -> r.setObject(value));
        }

        private void named(Obj value) {
            if (value != null) {
                request.setName(request.getName() == null ? value.name : request.getName());
                kind = kind == null ? value.kind : kind;
            }
        }

        public AdmissionRequest build() {
            request.setKind(new GroupVersionKind(request.getResource().getGroup(), kind, "v1"));
            UserInfo info = new UserInfo();
            info.setUsername(user);
            info.setGroups(groups);
            request.setUserInfo(info);
            return request;
        }
    }
}
